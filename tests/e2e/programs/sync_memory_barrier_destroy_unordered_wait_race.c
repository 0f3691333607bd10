// A barrier's own memory: a thread passes a barrier of one (its wait returns at once) while
// main, which never waits on it, destroys it once a relaxed flag (which orders nothing) says
// the wait returned. Nothing orders the wait before the destroy: the destroy's write races with
// the wait's read.
// EXPECT: data-race
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_barrier_t solo;
static int passed;

static void *runner(void *unused) {
  (void)unused;
  pthread_barrier_wait(&solo);  // RACE
  __atomic_store_n(&passed, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&solo, NULL, 1);
  pthread_t thread;
  pthread_create(&thread, NULL, runner, NULL);
  while (!__atomic_load_n(&passed, __ATOMIC_RELAXED)) usleep(1000);
  pthread_barrier_destroy(&solo);  // RACE
  pthread_join(thread, NULL);
  puts("done");
  return 0;
}
