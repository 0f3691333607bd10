// main fills in a command, then interrupts a worker with pthread_kill; the worker's handler
// reads the command. Sending the signal orders what main did before it with the handler's run.
// The worker waits in sigsuspend, so the handler runs in the program's code, never inside the
// runtime.
// EXPECT: silent
// TSAN: differs TSan orders no signal sent to another thread with its handler (its pthread_kill and kill release nothing), so it reports the handler's read
// PRINTS: handled command 5
// ALSO AT: -O2
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>

static int command;
static int handled_command;
static atomic_int ready;

static void on_command(int signal_number) {
  // A handler leaves errno as it found it (volatile: a race report inside the handler, which
  // the optimizer knows nothing of, may change it).
  volatile int saved_errno = errno;
  (void)signal_number;
  handled_command = command;
  errno = saved_errno;
}

static void *worker(void *unused) {
  (void)unused;
  sigset_t waiting;
  sigemptyset(&waiting);
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  sigsuspend(&waiting);  // SIGUSR1 is blocked until here: it cannot come too early
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
  pthread_sigmask(SIG_BLOCK, &blocked, NULL);  // the worker inherits the mask
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  while (!atomic_load_explicit(&ready, memory_order_relaxed)) {
  }
  command = 5;
  pthread_kill(thread, SIGUSR1);
  pthread_join(thread, NULL);
  printf("handled command %d\n", handled_command);
  return 0;
}
