// memset calls (-fno-builtin) on the two halves of one buffer from two threads: the ranges are
// adjacent but do not overlap, so nothing races.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char scratch[128];

static void *clear_low_half(void *unused) {
  (void)unused;
  memset(scratch, 0, 64);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, clear_low_half, NULL);
  memset(scratch + 64, 'z', 64);
  pthread_join(worker, NULL);
  printf("%d %d\n", scratch[0], scratch[64]);
  return 0;
}
