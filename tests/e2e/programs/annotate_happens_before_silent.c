// A two-slot mailbox handed over through a relaxed counter (which orders nothing), annotated the
// dynamic-annotations way: AnnotateHappensBefore on each slot after filling it,
// AnnotateHappensAfter on the same slot before reading it. Nothing is reported.
// EXPECT: silent
// PRINTS: slots 10 20
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

// TSan's dynamic-annotations entry points; the program declares them itself, as such code does.
void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);

static int slots[2];
static int filled;

static void *producer(void *unused) {
  (void)unused;
  for (int i = 0; i < 2; i++) {
    slots[i] = 10 * (i + 1);
    AnnotateHappensBefore(__FILE__, __LINE__, &slots[i]);
    __atomic_store_n(&filled, i + 1, __ATOMIC_RELAXED);
  }
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  int seen[2];
  for (int i = 0; i < 2; i++) {
    while (__atomic_load_n(&filled, __ATOMIC_RELAXED) <= i) sched_yield();
    AnnotateHappensAfter(__FILE__, __LINE__, &slots[i]);
    seen[i] = slots[i];
  }
  printf("slots %d %d\n", seen[0], seen[1]);
  pthread_join(thread, NULL);
  return 0;
}
