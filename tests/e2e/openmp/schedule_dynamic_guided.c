// Loops with dynamic and guided schedules write disjoint elements; a later loop reads them all
// after the implicit barrier.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

#define N 96
int a[N], b[N];
long total;

int main(void) {
#pragma omp parallel
  {
#pragma omp for schedule(dynamic, 3)
    for (int i = 0; i < N; i++) a[i] = i;
#pragma omp for schedule(guided)
    for (int i = 0; i < N; i++) b[i] = a[N - 1 - i] * 2;
#pragma omp for reduction(+ : total)
    for (int i = 0; i < N; i++) total += b[i];
  }
  printf("%ld\n", total);
  return 0;
}
