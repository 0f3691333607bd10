// Nested parallelism (two active levels): the inner teams all update one counter.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int counter;

int main(void) {
  omp_set_max_active_levels(2);
#pragma omp parallel num_threads(2)
  {
#pragma omp parallel num_threads(2)
    counter++;  // RACE x2
  }
  printf("%d\n", counter);
  return 0;
}
