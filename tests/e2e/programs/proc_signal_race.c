// A signal handler (run by main, which raises the signal) writes a plain global that a worker
// thread reads: nothing orders the handler's write and the worker's read, a data race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

int last_signal;

static void on_signal(int signal_number) {
  last_signal = signal_number;  // RACE:HANDLER
}

static void *watch_signal(void *unused) {
  (void)unused;
  int seen = last_signal;  // RACE:WORKER
  return (void *)(long)seen;
}

int main(void) {
  struct sigaction action = {0};
  action.sa_handler = on_signal;
  sigaction(SIGUSR1, &action, NULL);
  pthread_t worker;
  pthread_create(&worker, NULL, watch_signal, NULL);
  raise(SIGUSR1);
  pthread_join(worker, NULL);
  printf("last signal %d\n", last_signal);
  return 0;
}
