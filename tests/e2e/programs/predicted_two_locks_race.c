// Each thread writes `config` under a lock of its own (T1 `a`, T2 `b`), so the writes are not
// protected at all; in this run T1 then passes through `m` and T2 after it, which orders the
// writes. Nothing forces that order (the sections on `m` are empty): reversed, the writes race.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the writes
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int config;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  config = 1;  // RACE
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  pthread_mutex_lock(&b);
  config = 2;  // RACE
  pthread_mutex_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, first, NULL);
  pthread_create(&t2, NULL, second, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("%d\n", config);
  return 0;
}
