// OpenMP parallel sum without a reduction: four threads share the loop and all add to one total.
//
// The bug: `total += values[i]` is a load, an add and a store of the one shared variable, done by
// every thread of the team at once, so increments are lost. OpenMP does not make a shared
// variable safe because the loop is a worksharing loop: each iteration is private, the total is
// not. Interlock reports the race at the user's line, with the OpenMP thread that made each
// access named in its stack ("omp parallel: thread 1 of 4"), never libomp's frames.
//
// The fix: openmp_sum_reduction.c declares reduction(+:total), so each thread adds into a private
// copy and libomp combines the copies at the end of the loop.
// ARGS: -fopenmp
// EXPECT: data-race 25 25
// TSAN: differs TSan names line 23 (the construct) for the read: at -O1 the loop keeps total in a register, loaded once before the loop
#include <stdio.h>

enum { kCount = 1000 };

int main(void) {
  static double values[kCount];
  for (int i = 0; i < kCount; ++i) values[i] = i * 0.5;

  double total = 0;
#pragma omp parallel for num_threads(4)
  for (int i = 0; i < kCount; ++i) {
    total += values[i];  // RACE
  }
  printf("total = %g (expected %g)\n", total, 0.5 * kCount * (kCount - 1) / 2);
  return 0;
}
