// samples/lock_hidden_race_racy.c with predictions turned off (predict_races=0): happens-before
// alone orders the writes in this run, so the report is silent, as TSan is.
// EXPECT: silent
// OPTIONS: predict_races=0
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
int mode;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  mode = 1;
  pthread_mutex_lock(&log_lock);
  pthread_mutex_unlock(&log_lock);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&log_lock);
  pthread_mutex_unlock(&log_lock);
  mode = 2;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", mode);
  return 0;
}
