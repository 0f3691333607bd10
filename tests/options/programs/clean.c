// Race-free: two threads increment a counter under a mutex. Exits with the status given as the
// first argument (0 if none), which the runtime must leave alone.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long guarded_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *increment_counter(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&counter_lock);
    guarded_counter++;
    pthread_mutex_unlock(&counter_lock);
  }
  return NULL;
}

int main(int argc, char **argv) {
  pthread_t first, second;
  pthread_create(&first, NULL, increment_counter, NULL);
  pthread_create(&second, NULL, increment_counter, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("clean: counter=%ld\n", guarded_counter);
  return argc > 1 ? atoi(argv[1]) : 0;
}
