// Two different data races, one after the other: first on `first_value`, then (after a line on
// stdout) on `second_value`. With halt_on_error=1 the program must stop at the first one.
#include <pthread.h>
#include <stdio.h>

long first_value;
long second_value;

static void *store_first(void *unused) {
  (void)unused;
  first_value = 1;  // FIRST RACE
  return NULL;
}

static void *store_second(void *unused) {
  (void)unused;
  second_value = 2;  // SECOND RACE
  return NULL;
}

static void race_on(void *(*body)(void *)) {
  pthread_t a, b;
  pthread_create(&a, NULL, body, NULL);
  pthread_create(&b, NULL, body, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

int main(void) {
  race_on(store_first);
  printf("after the first race\n");
  fflush(stdout);
  race_on(store_second);
  printf("after the second race\n");
  return 0;
}
