// The forced order composes with happens-before: T1 writes `table` and hands it to T2 with a
// release/acquire pair, which every schedule keeps. T2 then passes through an empty critical
// section on `m`, and T3, after it, passes through `m` and reads `table`. The link through `m`
// is the scheduler's, but what is forcedly ordered before T2's acquire is ordered before all
// that happens after it: the write is before the read, and no race is predicted.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int table[4];
int published;
int second_done;  // a schedule, not synchronization: relaxed
int seen;

static void *t1(void *unused) {
  (void)unused;
  table[2] = 7;
  __atomic_store_n(&published, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *t2(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&published, __ATOMIC_ACQUIRE)) sched_yield();
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  __atomic_store_n(&second_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *t3(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&second_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  seen = table[2];
  return NULL;
}

int main(void) {
  pthread_t a, b, c;
  pthread_create(&a, NULL, t1, NULL);
  pthread_create(&b, NULL, t2, NULL);
  pthread_create(&c, NULL, t3, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_join(c, NULL);
  printf("%d\n", seen);
  return 0;
}
