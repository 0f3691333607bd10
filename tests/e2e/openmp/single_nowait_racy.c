// single nowait publishes a value that the other threads read without waiting for it.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int shared_value;
int seen[64];

int main(void) {
#pragma omp parallel
  {
#pragma omp single nowait
    shared_value = 42;  // RACE
    seen[omp_get_thread_num()] = shared_value;  // RACE
  }
  printf("%d\n", seen[0]);
  return 0;
}
