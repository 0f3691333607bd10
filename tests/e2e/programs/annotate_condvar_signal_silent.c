// The dynamic-annotations API's first happens-before pair, AnnotateCondVarSignal and
// AnnotateCondVarWait, orders a hand-off through a relaxed flag: silent.
// EXPECT: silent
// TSAN: differs TSan's runtime accepts AnnotateCondVarSignal/Wait but models nothing for them
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

void AnnotateCondVarSignal(const char *file, int line, const volatile void *cv);
void AnnotateCondVarWait(const char *file, int line, const volatile void *cv,
                         const volatile void *lock);

static int ready;
static int payload;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;
  AnnotateCondVarSignal(__FILE__, __LINE__, &ready);
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  AnnotateCondVarWait(__FILE__, __LINE__, &ready, NULL);
  printf("payload %d\n", payload);
  pthread_join(thread, NULL);
  return 0;
}
