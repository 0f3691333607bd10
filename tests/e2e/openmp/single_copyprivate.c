// single with copyprivate: one thread computes a value that the runtime copies into every
// thread's private variable; a shared value written in a single is read after its barrier.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int shared_value;
int seen[64];

static int compute(void) { return 7; }

int main(void) {
#pragma omp parallel
  {
    int value;
#pragma omp single copyprivate(value)
    value = compute();
#pragma omp single
    shared_value = value * 2;
    seen[omp_get_thread_num()] = value + shared_value;
  }
  printf("%d\n", seen[0]);
  return 0;
}
