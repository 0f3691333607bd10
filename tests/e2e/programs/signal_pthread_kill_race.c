// signal_pthread_kill_silent.c with the bug: main interrupts the worker first and fills in the
// command afterwards. The signal orders only what main did before sending it, so the handler's
// read races with main's late write.
// EXPECT: data-race
// TSAN: same
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int command;
static int handled_command;
static atomic_int ready;

static void on_command(int signal_number) {
  // A handler leaves errno as it found it (volatile: a race report inside the handler, which
  // the optimizer knows nothing of, may change it).
  volatile int saved_errno = errno;
  (void)signal_number;
  usleep(20000);  // let main's late write come first: the race is reported either way
  handled_command = command;  // RACE:HANDLER
  errno = saved_errno;
}

static void *worker(void *unused) {
  (void)unused;
  sigset_t waiting;
  sigemptyset(&waiting);
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  sigsuspend(&waiting);
  return NULL;
}

int main(void) {
  struct sigaction action = {0};
  action.sa_handler = on_command;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, NULL);
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &blocked, NULL);
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  while (!atomic_load_explicit(&ready, memory_order_relaxed)) {
  }
  pthread_kill(thread, SIGUSR1);
  // The bug: the command is written after the signal was sent.
  command = 5;  // RACE:MAIN
  pthread_join(thread, NULL);
  printf("handled command %d\n", handled_command);
  return 0;
}
