// The fixed twin of lock_hidden_race_racy.c: both threads write `mode` inside their
// critical sections on `mode_lock`, so the sections conflict and every schedule orders them.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t mode_lock = PTHREAD_MUTEX_INITIALIZER;
int mode;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mode_lock);
  mode = 1;
  pthread_mutex_unlock(&mode_lock);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&mode_lock);
  mode = 2;
  pthread_mutex_unlock(&mode_lock);
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
