// A malloc'd block handed to a worker at creation (ordered), then written by both the worker
// and main with only a relaxed flag between them: the second writes race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

int written;

static void *writer(void *arg) {
  int *cells = arg;
  cells[5] = 42;  // RACE
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  int *cells = calloc(16, sizeof *cells);
  pthread_t worker;
  pthread_create(&worker, NULL, writer, cells);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  cells[5] = 7;  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", cells[5]);
  free(cells);
  return 0;
}
