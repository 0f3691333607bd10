// A barrier reused for many rounds by threads of different speeds: in each round every thread
// writes its own cell, waits, reads every cell, and waits again before the next round's writes.
// Each round is modelled apart, and everything before a round's barrier is still ordered before
// everything after it in every thread, whichever thread leaves late.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { kThreads = 4, kRounds = 200 };

static pthread_barrier_t step;
static long cells[kThreads];
static long sums[kThreads];
static long serial_rounds;

static void *runner(void *raw) {
  const int index = (int)(long)raw;
  for (int round = 0; round < kRounds; round++) {
    cells[index] = round * (index + 1);
    if (round % 16 == index) usleep(1000);  // a different late thread now and then
    pthread_barrier_wait(&step);
    for (int i = 0; i < kThreads; i++) sums[index] += cells[i];
    if (pthread_barrier_wait(&step) == PTHREAD_BARRIER_SERIAL_THREAD) serial_rounds++;
  }
  return NULL;
}

int main(void) {
  pthread_barrier_init(&step, NULL, kThreads);
  pthread_t threads[kThreads];
  for (long i = 0; i < kThreads; i++) pthread_create(&threads[i], NULL, runner, (void *)i);
  for (int i = 0; i < kThreads; i++) pthread_join(threads[i], NULL);
  pthread_barrier_destroy(&step);
  long total = 0;
  for (int i = 0; i < kThreads; i++) total += sums[i];
  printf("total %ld serial %ld\n", total, serial_rounds);
  return 0;
}
