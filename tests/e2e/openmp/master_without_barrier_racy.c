// The same without the barrier: master implies none, so the others read while the primary
// thread may still be writing.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int config;
int seen[64];

int main(void) {
#pragma omp parallel
  {
#pragma omp master
    config = 3;  // RACE
    seen[omp_get_thread_num()] = config;  // RACE
  }
  printf("%d\n", seen[0]);
  return 0;
}
