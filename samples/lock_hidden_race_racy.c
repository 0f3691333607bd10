// T1 writes `mode`, then locks and unlocks `log_lock`; T2, scheduled after it, locks and unlocks
// `log_lock`, then writes `mode`. The empty critical sections order the writes in this run only:
// nothing forces T2's section after T1's, and with it reversed the two writes run concurrently.
// Happens-before (TSan) sees unlock->lock and stays silent; Interlock predicts the race.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the writes
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
int mode;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  mode = 1;  // RACE
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
  mode = 2;  // RACE
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
