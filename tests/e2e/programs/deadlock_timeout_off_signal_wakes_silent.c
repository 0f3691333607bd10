// The only thread waits on a semaphore that a timer's signal handler posts 1.5 s later
// (sem_post is async-signal-safe). From inside the process this looks like every thread blocked
// in a wait no thread can end, which Interlock would report after deadlock_timeout_ms (1000 ms by
// default); a program woken from outside sets deadlock_timeout_ms=0, which turns the time-judged
// rule off. The program then finishes normally and Interlock stays silent.
// EXPECT: silent
// OPTIONS: deadlock_timeout_ms=0
// TSAN: same
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

sem_t timer_fired;

static void on_timer(int signal_number) {
  (void)signal_number;
  sem_post(&timer_fired);
}

int main(void) {
  sem_init(&timer_fired, 0, 0);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_timer;
  sigaction(SIGALRM, &action, NULL);
  struct itimerval once = {{0, 0}, {1, 500000}};
  setitimer(ITIMER_REAL, &once, NULL);
  while (sem_wait(&timer_fired) != 0) {
  }
  return 0;
}
