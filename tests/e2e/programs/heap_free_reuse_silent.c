// A worker writes a heap block and frees it; main then allocates a block of the same size (the
// allocator usually hands back the same address) and writes it. The two writes are not ordered by
// any synchronization, but they touch different objects: a fresh allocation starts with no
// history, so there is no race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kBlockSize = 4096 };  // above the per-thread cache limit: freed back to main's arena
int freed;

static void *use_and_free(void *arg) {
  char *block = arg;
  memset(block, 'w', kBlockSize);
  block[10] = 'x';
  free(block);
  __atomic_store_n(&freed, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  char *first = malloc(kBlockSize);
  pthread_t worker;
  pthread_create(&worker, NULL, use_and_free, first);
  while (!__atomic_load_n(&freed, __ATOMIC_RELAXED)) sched_yield();
  char *second = malloc(kBlockSize);
  second[10] = 'm';
  memset(second + 100, 'm', 200);
  printf("%c reused=%d\n", second[10], (void *)second == (void *)first);
  pthread_join(worker, NULL);
  free(second);
  return 0;
}
