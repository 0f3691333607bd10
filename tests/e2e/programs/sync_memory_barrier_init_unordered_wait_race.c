// A barrier's own memory: a thread initializes the barrier and waits on it, while main, which
// created the thread before the init, waits on it too. Nothing orders the init before main's
// wait (main only sleeps), so the wait's read of the barrier races with the init's write.
// EXPECT: data-race 14 23
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_barrier_t meeting;

static void *organizer(void *unused) {
  (void)unused;
  pthread_barrier_init(&meeting, NULL, 2);  // RACE
  pthread_barrier_wait(&meeting);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, organizer, NULL);
  usleep(200 * 1000);
  pthread_barrier_wait(&meeting);  // RACE
  pthread_join(thread, NULL);
  pthread_barrier_destroy(&meeting);
  puts("met");
  return 0;
}
