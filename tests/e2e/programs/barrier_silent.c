// Phase 1: each thread writes its own slot. Barrier. Phase 2: each thread reads the others'
// slots. The barrier orders every phase-1 write before every phase-2 read.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 3 };

static pthread_barrier_t phase_barrier;
int slots[kThreads];
int sums[kThreads];

static void *work(void *arg) {
  int self = (int)(long)arg;
  slots[self] = (self + 1) * 10;
  pthread_barrier_wait(&phase_barrier);
  for (int other = 0; other < kThreads; ++other) sums[self] += slots[other];
  return NULL;
}

int main(void) {
  pthread_barrier_init(&phase_barrier, NULL, kThreads);
  pthread_t workers[kThreads];
  for (long i = 0; i < kThreads; ++i) pthread_create(&workers[i], NULL, work, (void *)i);
  for (int i = 0; i < kThreads; ++i) pthread_join(workers[i], NULL);
  pthread_barrier_destroy(&phase_barrier);
  printf("%d\n", sums[0]);
  return sums[0] == 60 ? 0 : 1;
}
