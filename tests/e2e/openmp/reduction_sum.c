// The same sum with reduction(+:sum): private copies combined by the runtime.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int main(void) {
  long sum = 0;
#pragma omp parallel for reduction(+ : sum)
  for (int i = 0; i < 100; i++)
    sum += i;
  printf("%ld\n", sum);
  return 0;
}
