// main holds a lock while it joins a worker that needs the same lock to finish: main waits for
// the worker's end, the worker waits for main's lock. Interlock reports the deadlock (a join and
// a lock wait in one cycle) and ends the program with status 67.
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <pthread.h>

pthread_mutex_t results_lock = PTHREAD_MUTEX_INITIALIZER;
int results;

static void *worker(void *arg) {
  pthread_mutex_lock(&results_lock);  // DEADLOCK
  results++;
  pthread_mutex_unlock(&results_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&results_lock);
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);  // DEADLOCK
  pthread_mutex_unlock(&results_lock);
  return results == 1 ? 0 : 1;
}
