// taskloop over independent elements; the creator reads them all after the taskloop, whose
// implicit taskgroup waits for its tasks, and a nogroup taskloop followed by taskwait.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

#define N 64
int squares[N], cubes[N];

int main(void) {
  long total = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskloop grainsize(4)
    for (int i = 0; i < N; i++) squares[i] = i * i;
    for (int i = 0; i < N; i++) total += squares[i];
#pragma omp taskloop grainsize(8) nogroup
    for (int i = 0; i < N; i++) cubes[i] = i * i * i;
#pragma omp taskwait
    total += cubes[N - 1];
  }
  printf("%ld\n", total);
  return 0;
}
