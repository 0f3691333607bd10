// A barrier reused for two rounds. The late thread arrives at round 0 first; a signal handler
// then keeps it busy (300 ms) past the moment the fast thread completes round 0, writes `value`
// and arrives at round 1. When the late thread finally leaves round 0 it reads `value`, before
// round 1: the write (after round 0) and the read (before round 1) are not ordered. Modelled as
// one sync object, the barrier would hand the late thread what the fast one released arriving
// at round 1, and the race would be missed; each round is its own now.
// EXPECT: data-race
// TSAN: differs clang-14's TSan models the barrier as one sync object and misses the race when the late thread's acquire comes after the fast thread's next arrival
// ALSO AT: -O2
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_barrier_t rounds;
static int value;
static int seen;

static void slow_handler(int signal_number) {
  (void)signal_number;
  struct timespec pause = {0, 300 * 1000 * 1000};
  nanosleep(&pause, NULL);
}

static void *late(void *unused) {
  (void)unused;
  pthread_barrier_wait(&rounds);  // round 0; the signal comes while it waits here
  seen = value;  // RACE
  pthread_barrier_wait(&rounds);  // round 1
  return NULL;
}

static void *fast(void *unused) {
  (void)unused;
  usleep(100 * 1000);  // lets the late thread arrive first and take the signal
  pthread_barrier_wait(&rounds);  // round 0 completes; this thread goes on at once
  value = 1;  // RACE
  pthread_barrier_wait(&rounds);  // round 1, while the late thread is still in its handler
  return NULL;
}

int main(void) {
  struct sigaction action = {0};
  action.sa_handler = slow_handler;
  sigaction(SIGUSR1, &action, NULL);
  pthread_barrier_init(&rounds, NULL, 2);
  pthread_t late_thread, fast_thread;
  pthread_create(&late_thread, NULL, late, NULL);
  pthread_create(&fast_thread, NULL, fast, NULL);
  usleep(50 * 1000);
  pthread_kill(late_thread, SIGUSR1);
  pthread_join(late_thread, NULL);
  pthread_join(fast_thread, NULL);
  pthread_barrier_destroy(&rounds);
  printf("seen %d\n", seen);
  return 0;
}
