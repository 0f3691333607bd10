// master (and masked) have no barrier of their own: an explicit barrier publishes what the
// primary thread wrote.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int config;
int seen[64];

int main(void) {
#pragma omp parallel
  {
#pragma omp master
    config = 3;
#pragma omp barrier
    seen[omp_get_thread_num()] = config;
  }
  printf("%d\n", seen[0]);
  return 0;
}
