// memset as a library call (-fno-builtin) clears a buffer while main writes into it: two writes.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char scratch[128];

static void *clear(void *unused) {
  (void)unused;
  memset(scratch, 0, sizeof scratch);  // RACE
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, clear, NULL);
  memset(scratch + 64, 'z', 8);  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", scratch[64]);
  return 0;
}
