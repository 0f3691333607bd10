// A job is handed to a worker through a wake-up pipe: main fills the job, then writes one byte
// into the pipe; the worker blocks in read() until the byte arrives, then works on the job. The
// kernel orders the write before the read that receives its byte, so the job's fields are handed
// over without a race (the worker's answer comes back the same way through a second pipe).
// EXPECT: silent
// PRINTS: sum 5050
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct job {
  int first, last;
  long sum;
};

static struct job pending;
static int to_worker[2], to_main[2];

static void *worker(void *arg) {
  char wake;
  if (read(to_worker[0], &wake, 1) != 1) return arg;
  long sum = 0;
  for (int i = pending.first; i <= pending.last; i++) sum += i;
  pending.sum = sum;
  if (write(to_main[1], &wake, 1) != 1) return arg;
  return arg;
}

int main(void) {
  if (pipe(to_worker) != 0 || pipe(to_main) != 0) return 1;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pending.first = 1;
  pending.last = 100;
  char wake = 'j';
  if (write(to_worker[1], &wake, 1) != 1) return 1;
  if (read(to_main[0], &wake, 1) != 1) return 1;
  printf("sum %ld\n", pending.sum);
  pthread_join(t, NULL);
  close(to_worker[0]);
  close(to_worker[1]);
  close(to_main[0]);
  close(to_main[1]);
  return 0;
}
