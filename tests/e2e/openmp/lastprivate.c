// The same with lastprivate(last): the thread that runs the last iteration copies its value out,
// before the loop's barrier; the master reads it after the region.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int main(void) {
  int last = -1;
  int squares[64];
#pragma omp parallel for lastprivate(last)
  for (int i = 0; i < 64; i++) {
    last = i;
    squares[i] = i * i;
  }
  printf("%d %d\n", last, squares[last]);
  return 0;
}
