// The same with firstprivate(base): each thread updates its own copy, initialized from the
// original, and stores its result in its own slot.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int main(void) {
  int base = 100;
  int out[64] = {0};
#pragma omp parallel firstprivate(base)
  {
    base += omp_get_thread_num() + 1;
    out[omp_get_thread_num()] = base;
  }
  printf("%d %d\n", base, out[0]);
  return 0;
}
