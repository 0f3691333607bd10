// A reader holds a rwlock for reading and waits for a mutex; the mutex's holder asks for the
// rwlock for writing, which must wait until every reader has left. Neither can go on: a deadlock
// through the read side of a rwlock. (Two readers that wait for each other's read locks do not
// deadlock: readers never wait for readers.)
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports the inversion, then hangs with the program
#include <pthread.h>

pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *reader(void *arg) {
  pthread_rwlock_rdlock(&config_lock);
  pthread_barrier_wait(&both_hold_one);
  // Logs what it read: needs the log.
  pthread_mutex_lock(&log_lock);  // CYCLE DEADLOCK
  pthread_mutex_unlock(&log_lock);
  pthread_rwlock_unlock(&config_lock);
  return arg;
}

int main(void) {
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  pthread_mutex_lock(&log_lock);
  pthread_barrier_wait(&both_hold_one);
  pthread_rwlock_wrlock(&config_lock);  // CYCLE DEADLOCK
  pthread_rwlock_unlock(&config_lock);
  pthread_mutex_unlock(&log_lock);
  pthread_join(t, NULL);
  return 0;
}
