// A reduction combined by libomp's tree method (forced: KMP_FORCE_REDUCTION=tree, read when the
// runtime starts), in which a thread reads the private copies of threads that arrived at the
// reduction's barrier, and a max reduction next to it.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  setenv("KMP_FORCE_REDUCTION", "tree", 1);
  long sum = 0;
  int best = 0;
#pragma omp parallel for reduction(+ : sum) reduction(max : best)
  for (int i = 0; i < 200; i++) {
    sum += i;
    if (i % 37 > best) best = i % 37;
  }
  printf("%ld %d\n", sum, best);
  return 0;
}
