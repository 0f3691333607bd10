// One data race: two threads store to `shared_counter` with nothing ordering them. Interlock
// reports it on every run (happens-before, not timing), so the exit status is the runtime's.
#include <pthread.h>
#include <stdio.h>

long shared_counter;

static void *store_counter(void *unused) {
  (void)unused;
  shared_counter = 1;  // RACE
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, store_counter, NULL);
  pthread_create(&second, NULL, store_counter, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("racy: finished\n");
  return 0;
}
