// Sections that write different variables; the region reads them after the sections' barrier.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int left, right, both;

int main(void) {
#pragma omp parallel
  {
#pragma omp sections
    {
#pragma omp section
      left = 1;
#pragma omp section
      right = 2;
    }
#pragma omp single
    both = left + right;
  }
  printf("%d\n", both);
  return 0;
}
