// A high-water mark kept with a relaxed __atomic_fetch_max, used as if it published the sample
// behind it: the reader sees the new maximum with an acquire load, but a relaxed RMW releases
// nothing, so the reader's read of the sample slot races with the worker's write.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long sample_slot;
long high;

static void *measure(void *unused) {
  (void)unused;
  sample_slot = 42;  // RACE
  __atomic_fetch_max(&high, 42, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, measure, NULL);
  while (__atomic_load_n(&high, __ATOMIC_ACQUIRE) < 42) sched_yield();
  long seen = sample_slot;  // RACE
  pthread_join(thread, NULL);
  printf("%ld\n", seen);
  return 0;
}
