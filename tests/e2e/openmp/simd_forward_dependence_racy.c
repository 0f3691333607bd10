// parallel for simd over a loop that reads the next element: the iteration a thread starts with
// writes the element the previous thread's last iteration reads.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>

#define N 128
static float a[N];

int main(void) {
  for (int i = 0; i < N; i++) a[i] = (float)i;
#pragma omp parallel for simd schedule(static)
  for (int i = 0; i < N - 1; i++)
    a[i] = a[i + 1] * 0.5f;  // RACE x2
  printf("%g\n", a[0]);
  return 0;
}
