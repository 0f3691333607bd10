// An atomic's happens-before survives an ignored region: the producer's release store of the
// flag happens between AnnotateIgnoreWritesBegin/End, yet it still publishes the producer's
// earlier write of `payload` to the consumer's acquire load: silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

static int ready;
static int payload;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) sched_yield();
  printf("payload %d\n", payload);
  pthread_join(thread, NULL);
  return 0;
}
