// T1 writes `mode`, then counts a log line under `stats_lock`; T2, scheduled after it, counts an
// error under the same lock, then writes `mode`. The critical sections touch different counters,
// so the lock orders the writes only because T1 happened to take it first: reversed, the writes
// race. Happens-before sees unlock->lock order them in this run and stays silent.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the writes
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
int mode;
int log_lines;
int errors;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  mode = 1;  // RACE
  pthread_mutex_lock(&stats_lock);
  log_lines++;
  pthread_mutex_unlock(&stats_lock);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&stats_lock);
  errors++;
  pthread_mutex_unlock(&stats_lock);
  mode = 2;  // RACE
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d %d %d\n", mode, log_lines, errors);
  return 0;
}
