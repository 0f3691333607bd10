// A passing test that races. With exitcode=0 the race is reported and written to the report
// file, and the program's own status, 0, stays.
// EXPECT: data-race 14 14
// OPTIONS: exitcode=0
// EXIT: 0
// PRINTS: test passed
#include <pthread.h>
#include <stdio.h>

long shared_total;

static void *add(void *unused) {
  (void)unused;
  shared_total += 1;  // RACE
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, add, NULL);
  pthread_create(&second, NULL, add, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("test passed\n");
  return 0;
}
