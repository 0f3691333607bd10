// A worker still writes into a session block when main frees it: main frees the block once it
// sees a relaxed flag, which orders nothing, so the worker's write races with main's free, a
// write of the whole block (the allocator may hand it to another thread at once).
// EXPECT: data-race 23 34
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct session {
  long bytes_sent;
  long requests;
};

static struct session *current;
static int finished;

static void *serve(void *unused) {
  (void)unused;
  struct session *s = current;
  __atomic_store_n(&finished, 1, __ATOMIC_RELAXED);
  s->requests = 100;  // RACE: written after telling main it may free
  return NULL;
}

int main(void) {
  current = calloc(1, sizeof *current);
  pthread_t worker;
  pthread_create(&worker, NULL, serve, NULL);
  while (!__atomic_load_n(&finished, __ATOMIC_RELAXED)) sched_yield();
  // The flag says nothing about the worker's other writes: it may still be writing.
  for (volatile int spin = 0; spin < 100000; spin++) {}
  free(current);  // RACE
  pthread_join(worker, NULL);
  printf("done\n");
  return 0;
}
