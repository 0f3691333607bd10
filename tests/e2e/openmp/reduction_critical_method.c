// A reduction combined under libomp's reduction lock (forced: KMP_FORCE_REDUCTION=critical), then
// a second region reads the result.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  setenv("KMP_FORCE_REDUCTION", "critical", 1);
  double sum = 0;
#pragma omp parallel for reduction(+ : sum)
  for (int i = 0; i < 200; i++)
    sum += i * 0.5;
  double scaled = 0;
#pragma omp parallel reduction(+ : scaled)
  scaled += sum;
  printf("%g %g\n", sum, scaled);
  return 0;
}
