// Nested parallelism where each inner thread writes its own slot, and each outer thread reads its
// inner team's slots after the inner region's join.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int slots[2][2];
int sums[2];

int main(void) {
  omp_set_max_active_levels(2);
#pragma omp parallel num_threads(2)
  {
    int outer = omp_get_thread_num();
#pragma omp parallel num_threads(2)
    slots[outer][omp_get_thread_num()] = outer * 10 + omp_get_thread_num();
    sums[outer] = slots[outer][0] + slots[outer][1];
  }
  printf("%d %d\n", sums[0], sums[1]);
  return 0;
}
