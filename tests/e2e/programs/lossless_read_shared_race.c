// A read that races with a later write, buried under many other reads: the early thread reads
// the threshold once; twelve reader threads then read it thousands of times each (concurrent
// reads do not race), and are joined; only then does the main thread write the threshold, with
// nothing ordering it after the early read. The readers are ordered before the write; the early
// reader is not, and its read must still be found among all the others.
// EXPECT: data-race
// TSAN: differs clang-14's TSan misses the race when the later readers evict the early read from its 4 shadow cells (it did in most runs seen; with two readers it reports it)
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { kReaders = 12, kReads = 3000 };

long threshold = 5;
int early_done;

static void *early_reader(void *unused) {
  (void)unused;
  long seen = threshold;  // RACE
  __atomic_store_n(&early_done, 1, __ATOMIC_RELAXED);
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
  while (!__atomic_load_n(&early_done, __ATOMIC_RELAXED)) sched_yield();
  threshold = 6;  // RACE
  pthread_join(early, NULL);
  printf("%ld\n", threshold);
  return 0;
}
