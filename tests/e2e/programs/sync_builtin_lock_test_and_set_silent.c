// The classic __sync spinlock: __sync_lock_test_and_set (an acquire barrier) takes it,
// __sync_lock_release (a release barrier) frees it. It guards a plain histogram that three
// threads update and one more thread reads under the lock.
// EXPECT: silent
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

static void *record(void *arg) {
  long bucket = (long)arg;
  for (int i = 0; i < 1000; ++i) {
    lock();
    histogram[bucket] += 1;
    histogram[3] += 1;
    unlock();
  }
  return NULL;
}

static void *report(void *unused) {
  (void)unused;
  long seen = 0;
  for (int i = 0; i < 200; ++i) {
    lock();
    seen = histogram[0] + histogram[1] + histogram[2];
    unlock();
  }
  return (void *)seen;
}

int main(void) {
  pthread_t threads[4];
  for (long t = 0; t < 3; ++t) pthread_create(&threads[t], NULL, record, (void *)t);
  pthread_create(&threads[3], NULL, report, NULL);
  for (int t = 0; t < 4; ++t) pthread_join(threads[t], NULL);
  printf("%ld\n", histogram[3]);
  return histogram[3] == 3000 ? 0 : 1;
}
