// nowait where it is correct: the second loop reads only what the same thread wrote in the first
// (same static schedule, same iteration count), and the explicit barrier orders the last loop.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

#define N 64
static int a[N], b[N], c[N];

int main(void) {
#pragma omp parallel
  {
#pragma omp for schedule(static) nowait
    for (int i = 0; i < N; i++)
      a[i] = i;
#pragma omp for schedule(static) nowait
    for (int i = 0; i < N; i++)
      b[i] = a[i] * 2;
#pragma omp barrier
#pragma omp for schedule(static)
    for (int i = 0; i < N; i++)
      c[i] = b[N - 1 - i];
  }
  printf("%d\n", c[0]);
  return 0;
}
