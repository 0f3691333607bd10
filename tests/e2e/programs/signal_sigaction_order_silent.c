// A worker prepares the configuration a handler reads, installs the handler with signal(), and
// starts a one-shot timer; the timer's SIGALRM runs the handler on main, waiting in sigsuspend
// (every other thread blocks it). Installing the handler orders what the worker did before with
// the handler's run, wherever it runs; nobody sends the timer's signal through a call.
// EXPECT: silent
// TSAN: same
// PRINTS: handled 9
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
  handled_configuration = configuration;
  errno = saved_errno;
}

static void *installer(void *unused) {
  (void)unused;
  configuration = 9;
  signal(SIGALRM, on_alarm);
  ualarm(2000, 0);
  return NULL;
}

int main(void) {
  sigset_t blocked, waiting;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGALRM);
  pthread_sigmask(SIG_BLOCK, &blocked, NULL);  // the installer inherits the mask
  pthread_t thread;
  pthread_create(&thread, NULL, installer, NULL);
  sigemptyset(&waiting);
  sigsuspend(&waiting);
  pthread_join(thread, NULL);
  printf("handled %d\n", handled_configuration);
  return 0;
}
