// A worker waits on a condition variable for a "ready" flag that main forgot to set and signal;
// main joins the worker. No single thread can be named for a condition wait, so Interlock judges
// it by time: every thread of the program blocked, nothing changed for deadlock_timeout_ms
// (1000 ms by default), and nobody left who could signal. It reports the deadlock with both
// blocked threads and ends the program with status 67.
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <pthread.h>

pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ready_changed = PTHREAD_COND_INITIALIZER;
int ready;

static void *worker(void *arg) {
  pthread_mutex_lock(&ready_lock);
  while (!ready)
    pthread_cond_wait(&ready_changed, &ready_lock);  // DEADLOCK
  pthread_mutex_unlock(&ready_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);  // DEADLOCK the bug: nobody sets `ready`
  return 0;
}
