// The fixed twin of predicted_two_locks_race.c: both writers take the same lock `config_lock`
// around `config`, so their sections conflict and every schedule orders the writes; the empty
// sections on `m` are still there and still order nothing.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int config;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  pthread_mutex_lock(&config_lock);
  config = 1;
  pthread_mutex_unlock(&config_lock);
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
  pthread_mutex_lock(&config_lock);
  config = 2;
  pthread_mutex_unlock(&config_lock);
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
