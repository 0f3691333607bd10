// signal_sigaction_order_silent.c with the bug: the worker installs the handler first and
// prepares its configuration afterwards. Installing orders only what came before it, and the
// timer's signal is sent by nobody: the handler's read races with the worker's late write.
// EXPECT: data-race
// TSAN: same
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int configuration;
static int handled_configuration;

static void on_alarm(int signal_number) {
  // A handler leaves errno as it found it (volatile: a race report inside the handler, which
  // the optimizer knows nothing of, may change it).
  volatile int saved_errno = errno;
  (void)signal_number;
  handled_configuration = configuration;  // RACE:HANDLER
  errno = saved_errno;
}

static void *installer(void *unused) {
  (void)unused;
  struct sigaction action = {0};
  action.sa_handler = on_alarm;
  sigemptyset(&action.sa_mask);
  sigaction(SIGALRM, &action, NULL);
  // The bug: the configuration is prepared after the handler was installed.
  configuration = 9;  // RACE:WORKER
  ualarm(2000, 0);
  return NULL;
}

int main(void) {
  sigset_t blocked, waiting;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGALRM);
  pthread_sigmask(SIG_BLOCK, &blocked, NULL);
  pthread_t thread;
  pthread_create(&thread, NULL, installer, NULL);
  sigemptyset(&waiting);
  sigsuspend(&waiting);
  pthread_join(thread, NULL);
  printf("handled %d\n", handled_configuration);
  return 0;
}
