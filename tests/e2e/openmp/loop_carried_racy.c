// A worksharing loop with a loop-carried dependence: each iteration reads what the previous one
// wrote, so where the schedule splits the iterations between two threads one reads while the
// other writes.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: differs TSan names line 13 (the construct) for the read: at -O1 the loop keeps a[i - 1] in a register, and the one load left (the chunk's first) is placed before the loop
#include <stdio.h>

#define N 64
static int a[N];

int main(void) {
#pragma omp parallel for schedule(static)
  for (int i = 1; i < N; i++)
    a[i] = a[i - 1] + 1;  // RACE x2
  printf("%d\n", a[N - 1]);
  return 0;
}
