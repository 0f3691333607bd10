// A per-thread working value left shared: every thread updates the one variable.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int main(void) {
  int base = 100;
  int out[64] = {0};
#pragma omp parallel
  {
    base += omp_get_thread_num() + 1;  // RACE x2
  }
  printf("%d %d\n", base, out[0]);
  return 0;
}
