// The same two tasks ordered by depend(out:x) and depend(in:x), then two readers that may run
// together and a writer after both (depend(inout:x)).
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int x;
int seen[2];

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out : x)
    x = 1;
#pragma omp task depend(in : x)
    seen[0] = x;
#pragma omp task depend(in : x)
    seen[1] = x;
#pragma omp task depend(inout : x)
    x += 1;
#pragma omp taskwait
    printf("%d %d %d\n", x, seen[0], seen[1]);
  }
  return 0;
}
