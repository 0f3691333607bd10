// The crowd of readers of lossless_read_shared_race.c with the early reader's handoff done right
// (release store, acquire load): every read of the threshold is ordered before the main
// thread's write, so remembering all the readers must not turn any of them into a race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { kReaders = 12, kReads = 3000 };

long threshold = 5;
int early_done;

static void *early_reader(void *unused) {
  (void)unused;
  long seen = threshold;
  __atomic_store_n(&early_done, 1, __ATOMIC_RELEASE);
  return (void *)seen;
}

static void *reader(void *unused) {
  (void)unused;
  long sum = 0;
  for (int i = 0; i < kReads; ++i) sum += *(volatile long *)&threshold;
  return (void *)sum;
}

int main(void) {
  pthread_t early, readers[kReaders];
  pthread_create(&early, NULL, early_reader, NULL);
  for (int r = 0; r < kReaders; ++r) pthread_create(&readers[r], NULL, reader, NULL);
  for (int r = 0; r < kReaders; ++r) pthread_join(readers[r], NULL);
  while (!__atomic_load_n(&early_done, __ATOMIC_ACQUIRE)) sched_yield();
  threshold = 6;
  pthread_join(early, NULL);
  printf("%ld\n", threshold);
  return threshold == 6 ? 0 : 1;
}
