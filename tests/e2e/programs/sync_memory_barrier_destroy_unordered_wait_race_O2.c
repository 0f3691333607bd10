// A barrier's own memory: a thread passes a barrier of one (its wait returns at once) while
// main, which never waits on it, destroys it after a sleep. Nothing orders the wait before the
// destroy: the destroy's write races with the wait's read.
// EXPECT: data-race 15 24
// TSAN: same
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_barrier_t solo;

static void *runner(void *unused) {
  (void)unused;
  pthread_barrier_wait(&solo);  // RACE
  return NULL;
}

int main(void) {
  pthread_barrier_init(&solo, NULL, 1);
  pthread_t thread;
  pthread_create(&thread, NULL, runner, NULL);
  usleep(200 * 1000);
  pthread_barrier_destroy(&solo);  // RACE
  pthread_join(thread, NULL);
  puts("done");
  return 0;
}
