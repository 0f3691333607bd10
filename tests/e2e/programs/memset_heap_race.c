// A worker clears a heap buffer with memset while main writes one byte of it: memset's range
// overlaps the byte. (The block is allocated before the thread starts, so creation orders the
// allocation itself.)
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *clear(void *arg) {
  memset(arg, 0, 512);  // RACE
  return NULL;
}

int main(void) {
  char *scratch = malloc(512);
  pthread_t worker;
  pthread_create(&worker, NULL, clear, scratch);
  scratch[300] = 'z';  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", scratch[300]);
  free(scratch);
  return 0;
}
