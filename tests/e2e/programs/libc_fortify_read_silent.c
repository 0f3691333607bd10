// A job handed over through a wake-up pipe, the worker blocking in __read_chk (read's fortified
// entry point, as gcc-built code calls it): like read, its return acquires what the writer did
// before its write, so the job's fields and the buffer __read_chk filled are not racy.
// EXPECT: silent
// PRINTS: sum 5050 wake j
// TSAN: differs clang-14's TSan does not intercept __read_chk, so it misses the pipe's ordering and reports the job's fields as racing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct job {
  int first, last;
  long sum;
};

static struct job pending;
static int to_worker[2];
static char wake[4];

static void *worker(void *arg) {
  if (__read_chk(to_worker[0], wake, 1, sizeof wake) != 1) return arg;
  long sum = 0;
  for (int i = pending.first; i <= pending.last; i++) sum += i;
  pending.sum = sum;
  return arg;
}

int main(void) {
  if (pipe(to_worker) != 0) return 1;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pending.first = 1;
  pending.last = 100;
  char byte = 'j';
  if (write(to_worker[1], &byte, 1) != 1) return 1;
  pthread_join(t, NULL);
  printf("sum %ld wake %c\n", pending.sum, wake[0]);
  close(to_worker[0]);
  close(to_worker[1]);
  return 0;
}
