// Prints 1000 numbered lines to stdout (fully buffered when stdout is a file or a pipe), then
// races. All 1000 lines must arrive although the runtime replaces the exit status.
#include <pthread.h>
#include <stdio.h>

long shared_counter;

static void *store_counter(void *unused) {
  (void)unused;
  shared_counter = 1;  // RACE
  return NULL;
}

int main(void) {
  for (int i = 1; i <= 1000; ++i) printf("line %d\n", i);
  pthread_t first, second;
  pthread_create(&first, NULL, store_counter, NULL);
  pthread_create(&second, NULL, store_counter, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  return 0;
}
