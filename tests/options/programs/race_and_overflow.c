// A data race and a signed overflow: built with -fsanitize=undefined, UBSan reports the overflow
// and Interlock the race, in one run.
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

long shared_counter;

static void *store_counter(void *unused) {
  (void)unused;
  shared_counter = 1;  // RACE
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  int big = INT_MAX - 1 + argc;  // INT_MAX with no arguments
  printf("overflowed: %d\n", big + 1);  // OVERFLOW
  pthread_t first, second;
  pthread_create(&first, NULL, store_counter, NULL);
  pthread_create(&second, NULL, store_counter, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("race_and_overflow: finished\n");
  return 0;
}
