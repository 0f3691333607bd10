// T1 writes, then enters and leaves a critical section; T2 (scheduled later) enters and leaves a
// critical section on the same mutex, then writes. The critical sections share no data, so the
// mutex does not protect 'mode': another schedule runs the two writes concurrently. A pure
// happens-before detector sees unlock->lock order them in this run and stays silent.
// EXPECT: data-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the writes
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
int mode;
int log_lines;
int first_done;

static void *first(void *unused) {
  (void)unused;
  mode = 1;  // RACE
  pthread_mutex_lock(&log_lock);
  log_lines++;
  pthread_mutex_unlock(&log_lock);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&log_lock);
  log_lines++;
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
  printf("%d %d\n", mode, log_lines);
  return 0;
}
