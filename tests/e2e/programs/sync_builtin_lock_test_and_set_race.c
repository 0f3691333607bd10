// The __sync_lock_test_and_set spinlock of sync_builtin_lock_test_and_set_silent.c, but the
// reporting thread peeks at the histogram without taking the lock. Its reads are ordered with
// nothing the recorder does under the lock: a race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int spin;
long histogram[4];

static void lock(void) {
  while (__sync_lock_test_and_set(&spin, 1)) sched_yield();
}

static void unlock(void) { __sync_lock_release(&spin); }

static void *record(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    lock();
    histogram[1] += 1;  // RACE
    unlock();
  }
  return NULL;
}

static void *report(void *unused) {
  (void)unused;
  long seen = histogram[1];  // RACE
  return (void *)seen;
}

int main(void) {
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, record, NULL);
  pthread_create(&threads[1], NULL, report, NULL);
  for (int t = 0; t < 2; ++t) pthread_join(threads[t], NULL);
  printf("%ld\n", histogram[1]);
  return 0;
}
