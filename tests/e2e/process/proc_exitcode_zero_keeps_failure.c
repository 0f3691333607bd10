// A test that races and also fails its own check (it returns 3). With exitcode=0 (what
// `interlock run` passes its processes) the race is still reported, and the program's own
// failing status stays: replacing it by 0 would turn a failing test into a passing one.
// EXPECT: data-race 15 15
// OPTIONS: exitcode=0
// EXIT: 3
// PRINTS: TEST FAILED
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
  printf("TEST FAILED\n");  // the test's own check, failing whatever the schedule
  return 3;
}
