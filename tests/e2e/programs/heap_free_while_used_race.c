// A worker writes into a session block, then tells main with a relaxed flag that it is done; main
// frees the block once it sees the flag. Relaxed orders nothing, so the worker's write races
// with main's free, a write of the whole block (the allocator may hand it to another thread at
// once): the write could still be in flight when the memory is reused.
// EXPECT: data-race
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
  s->requests = 100;  // RACE
  // Relaxed: tells main "done" without publishing the write above.
  __atomic_store_n(&finished, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  current = calloc(1, sizeof *current);
  pthread_t worker;
  pthread_create(&worker, NULL, serve, NULL);
  while (!__atomic_load_n(&finished, __ATOMIC_RELAXED)) sched_yield();
  free(current);  // RACE
  pthread_join(worker, NULL);
  printf("done\n");
  return 0;
}
