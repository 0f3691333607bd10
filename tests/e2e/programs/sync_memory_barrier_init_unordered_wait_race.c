// A barrier's own memory: a thread initializes the barrier and waits on it, while main, which
// created the thread before the init, waits on it too. Nothing orders the init before main's
// wait (main waits for a relaxed flag, which orders nothing, so that it waits on an initialized
// barrier), so the wait's read of the barrier races with the init's write.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_barrier_t meeting;
static int initialized;

static void *organizer(void *unused) {
  (void)unused;
  pthread_barrier_init(&meeting, NULL, 2);  // RACE
  __atomic_store_n(&initialized, 1, __ATOMIC_RELAXED);
  pthread_barrier_wait(&meeting);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, organizer, NULL);
  while (!__atomic_load_n(&initialized, __ATOMIC_RELAXED)) usleep(1000);
  pthread_barrier_wait(&meeting);  // RACE
  pthread_join(thread, NULL);
  pthread_barrier_destroy(&meeting);
  puts("met");
  return 0;
}
