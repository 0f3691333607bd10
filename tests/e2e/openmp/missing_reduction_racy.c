// A parallel sum without a reduction clause: every thread updates the shared total.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>

int main(void) {
  long sum = 0;
#pragma omp parallel for
  for (int i = 0; i < 100; i++)
    sum += i;  // RACE x2
  printf("%ld\n", sum);
  return 0;
}
