// The wake-up pipe of libc_pipe_wakeup_silent.c, with the bug: main wakes the worker first and
// fills in the job's last field afterwards. The pipe orders only what main did before its write,
// so the worker's read of `last` races with main's late write.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct job {
  int first, last;
  long sum;
};

static struct job pending;
static int to_worker[2];

static void *worker(void *arg) {
  char wake;
  if (read(to_worker[0], &wake, 1) != 1) return arg;
  usleep(20000);  // let main's late write happen first: the race is reported either way
  const int last = pending.last;  // RACE
  long sum = 0;
  for (int i = pending.first; i <= last; i++) sum += i;
  pending.sum = sum;
  return arg;
}

int main(void) {
  if (pipe(to_worker) != 0) return 1;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pending.first = 1;
  char wake = 'j';
  if (write(to_worker[1], &wake, 1) != 1) return 1;
  // The bug: the job is not complete when the worker is woken.
  pending.last = 100;  // RACE
  pthread_join(t, NULL);
  printf("sum %ld\n", pending.sum);
  return 0;
}
