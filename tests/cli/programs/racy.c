// One data race: two threads store to `shared_counter` unordered. Built with
// -DINTERLOCK_CLI_PADDING, a large initialized global moves every other global to another address
// (the line numbers stay the same), to check that the finding's key does not depend on addresses.
#include <pthread.h>
#include <stdio.h>

#ifdef INTERLOCK_CLI_PADDING
char padding_before_counter[65536] = {1};
#endif
long shared_counter;

static void *store_counter(void *unused) {
  (void)unused;
  shared_counter = 1;  // RACE
  return NULL;
}

// Built with -DINTERLOCK_CLI_EXIT_STATUS=N, a test that also fails its own check.
#ifndef INTERLOCK_CLI_EXIT_STATUS
#define INTERLOCK_CLI_EXIT_STATUS 0
#endif

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, store_counter, NULL);
  pthread_create(&second, NULL, store_counter, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("racy: finished\n");
  return INTERLOCK_CLI_EXIT_STATUS;
}
