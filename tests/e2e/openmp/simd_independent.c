// parallel for simd over independent elements, and a simd reduction inside each thread's chunk.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

#define N 128
static float a[N], b[N];

int main(void) {
  for (int i = 0; i < N; i++) a[i] = (float)i;
  float total = 0;
#pragma omp parallel for simd schedule(static) reduction(+ : total)
  for (int i = 0; i < N; i++) {
    b[i] = a[i] * 0.5f;
    total += b[i];
  }
  printf("%g %g\n", b[N - 1], total);
  return 0;
}
