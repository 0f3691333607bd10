// Every thread but the first updates the counter inside the critical section; the first does not.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int counter;

int main(void) {
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0) {
      counter += 1;  // RACE
    } else {
#pragma omp critical
      counter += 2;  // RACE
    }
  }
  printf("%d\n", counter);
  return 0;
}
