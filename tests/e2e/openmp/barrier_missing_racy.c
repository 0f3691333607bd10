// The same phases with the barrier between writing and reading left out.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int slot[64];
int seen[64];

int main(void) {
#pragma omp parallel
  {
    int me = omp_get_thread_num(), n = omp_get_num_threads();
    slot[me] = me + 1;  // RACE
    seen[me] = slot[(me + 1) % n];  // RACE
  }
  printf("%d\n", seen[0]);
  return 0;
}
