// kill(getpid(), ...) while every thread blocks the signal but a worker waiting in sigsuspend,
// so the kernel runs the handler on the worker: what main wrote before kill is ordered with the
// handler's read. The handler is a three-argument SA_SIGINFO one.
// EXPECT: silent
// TSAN: differs TSan orders no signal sent to another thread with its handler (its pthread_kill and kill release nothing), so it reports the handler's read
// PRINTS: handled 11
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int threshold;
static int handled_threshold;

static void on_signal(int signal_number, siginfo_t *info, void *context) {
  // A handler leaves errno as it found it (volatile: a race report inside the handler, which
  // the optimizer knows nothing of, may change it).
  volatile int saved_errno = errno;
  (void)signal_number;
  (void)info;
  (void)context;
  handled_threshold = threshold;
  errno = saved_errno;
}

static void *worker(void *unused) {
  (void)unused;
  sigset_t waiting;
  sigemptyset(&waiting);
  sigsuspend(&waiting);  // a signal sent before this stays pending for the process
  return NULL;
}

int main(void) {
  struct sigaction action = {0};
  action.sa_sigaction = on_signal;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR2, &action, NULL);
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &blocked, NULL);  // the worker inherits the mask
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  threshold = 11;
  kill(getpid(), SIGUSR2);
  pthread_join(thread, NULL);
  printf("handled %d\n", handled_threshold);
  return 0;
}
