// 'volatile sig_atomic_t' makes a handler's write safe for the thread the handler interrupted,
// not for another thread: in C11 a handler writing it while a worker thread reads it is still a
// data race (only a lock-free atomic is safe across threads).
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

volatile sig_atomic_t stop_requested;

static void on_signal(int signal_number) {
  (void)signal_number;
  stop_requested = 1;  // RACE:HANDLER
}

static void *poll_stop(void *unused) {
  (void)unused;
  int stop = stop_requested;  // RACE:WORKER
  return (void *)(long)stop;
}

int main(void) {
  struct sigaction action = {0};
  action.sa_handler = on_signal;
  sigaction(SIGUSR1, &action, NULL);
  pthread_t worker;
  pthread_create(&worker, NULL, poll_stop, NULL);
  raise(SIGUSR1);
  pthread_join(worker, NULL);
  printf("stop requested %d\n", (int)stop_requested);
  return 0;
}
