// Two worksharing loops, the first with nowait: a thread that finishes its part of the first
// loop starts the second, which reads elements another thread of the first loop writes.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>

#define N 64
static int a[N], b[N];

int main(void) {
#pragma omp parallel
  {
#pragma omp for schedule(static) nowait
    for (int i = 0; i < N; i++)
      a[i] = i;  // RACE
#pragma omp for schedule(static)
    for (int i = 0; i < N; i++)
      b[i] = a[N - 1 - i];  // RACE
  }
  printf("%d\n", b[0]);
  return 0;
}
