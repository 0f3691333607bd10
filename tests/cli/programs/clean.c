// No race: the two threads' stores are ordered by a mutex.
#include <pthread.h>

static long counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_lock(&counter_lock);
  ++counter;
  pthread_mutex_unlock(&counter_lock);
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, increment, NULL);
  pthread_create(&second, NULL, increment, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  return counter == 2 ? 0 : 1;
}
