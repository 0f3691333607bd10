// Two threads lock two mutexes in opposite orders and both block: a real deadlock. A barrier
// makes sure each holds its first mutex before requesting the second, so the hang is certain.
// Interlock reports the lock-order cycle when the second request closes it, then the deadlock
// (both threads blocked, each on the lock the other holds), and ends the program with status 67.
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports the inversion, then hangs with the program
#include <pthread.h>

pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *auditor(void *arg) {
  pthread_mutex_lock(&audit_lock);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&accounts_lock);  // CYCLE DEADLOCK
  pthread_mutex_unlock(&accounts_lock);
  pthread_mutex_unlock(&audit_lock);
  return arg;
}

int main(void) {
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
