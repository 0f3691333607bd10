// One side updates the counter atomically, the other reads it with a plain load inside the
// region: an atomic does not order a plain access.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

long hits;
long snapshot[64];

int main(void) {
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0) {
#pragma omp atomic
      hits++;  // RACE
    } else {
      snapshot[omp_get_thread_num()] = hits;  // RACE
    }
  }
  printf("%ld %ld\n", hits, snapshot[1]);
  return 0;
}
