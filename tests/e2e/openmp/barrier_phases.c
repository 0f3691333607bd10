// Phases separated by explicit barriers: each thread writes its slot, then reads its
// neighbour's, for several rounds.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int slot[64];
int seen[64];

int main(void) {
#pragma omp parallel
  {
    int me = omp_get_thread_num(), n = omp_get_num_threads();
    for (int round = 0; round < 4; round++) {
      slot[me] = me + round;
#pragma omp barrier
      seen[me] += slot[(me + 1) % n];
#pragma omp barrier
    }
  }
  printf("%d\n", seen[0]);
  return 0;
}
