// The AB/BA deadlock of deadlock_ab_ba_mutexes.c in a program with 4 MiB of static TLS: glibc puts
// static TLS on every thread's stack, and the watchdog that ends a deadlocked program used to be
// refused its 1 MiB stack ("cannot start the deadlock watchdog thread"), so the program hung.
// The deadlock is reported and the program ended with status 67 all the same.
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports the inversion, then hangs with the program
#include <pthread.h>

// Each thread's own 4 MiB scratch area; used, so that it is kept.
__thread char per_thread_scratch[4 << 20];

pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *auditor(void *arg) {
  per_thread_scratch[0] = 1;
  pthread_mutex_lock(&audit_lock);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&accounts_lock);  // CYCLE DEADLOCK
  pthread_mutex_unlock(&accounts_lock);
  pthread_mutex_unlock(&audit_lock);
  return arg;
}

int main(void) {
  per_thread_scratch[0] = 1;
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t;
  pthread_create(&t, NULL, auditor, NULL);
  pthread_mutex_lock(&accounts_lock);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&audit_lock);  // CYCLE DEADLOCK
  pthread_mutex_unlock(&audit_lock);
  pthread_mutex_unlock(&accounts_lock);
  pthread_join(t, NULL);
  return 0;
}
