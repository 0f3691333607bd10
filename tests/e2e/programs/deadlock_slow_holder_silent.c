// A thread holds a lock for a long time (it sleeps inside the critical section) while another
// blocks on it, and a condition variable is signalled only after a long pause. Both waits end:
// a slow program is not a deadlocked one, and Interlock stays silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <time.h>

pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t table_ready = PTHREAD_COND_INITIALIZER;
int table_state;

static void pause_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&t, NULL);
}

static void *slow_holder(void *arg) {
  pthread_mutex_lock(&table_lock);
  pause_ms(400);  // main waits for the lock meanwhile: it is held, not deadlocked
  table_state = 1;
  pthread_mutex_unlock(&table_lock);
  pause_ms(1300);  // longer than deadlock_timeout_ms, but this thread is not blocked
  pthread_mutex_lock(&table_lock);
  table_state = 2;
  pthread_cond_signal(&table_ready);
  pthread_mutex_unlock(&table_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, slow_holder, NULL);
  pause_ms(50);
  pthread_mutex_lock(&table_lock);
  while (table_state != 2) pthread_cond_wait(&table_ready, &table_lock);
  pthread_mutex_unlock(&table_lock);
  pthread_join(t, NULL);
  return table_state == 2 ? 0 : 1;
}
