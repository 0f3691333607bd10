// The fixed twin of openmp_sum_racy.c: reduction(+:total) gives every thread a private total,
// and libomp combines them (under its own lock, with atomics or in a tree at its barrier,
// depending on the team size); Interlock follows that combination through OpenMP's tool interface
// (OMPT), so the sum is silent, and so is the read of the total after the loop (the region's end
// orders it).
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

enum { kCount = 1000 };

int main(void) {
  static double values[kCount];
  for (int i = 0; i < kCount; ++i) values[i] = i * 0.5;

  double total = 0;
#pragma omp parallel for num_threads(4) reduction(+ : total)
  for (int i = 0; i < kCount; ++i) {
    total += values[i];
  }
  printf("total = %g (expected %g)\n", total, 0.5 * kCount * (kCount - 1) / 2);
  return 0;
}
