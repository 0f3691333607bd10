// Keeping the last index by writing a shared variable in every iteration.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>

int main(void) {
  int last = -1;
#pragma omp parallel for
  for (int i = 0; i < 64; i++)
    last = i;  // RACE x2
  printf("%d\n", last);
  return 0;
}
