// A thread sets a simple omp_lock_t it already holds (only a nest lock may be set again by its
// owner): it waits for itself forever, and Interlock ends the program with that one-thread
// wait-for cycle.
// ARGS: -fopenmp
// EXPECT: deadlock
// TSAN: differs TSan has no hang detection (and sees OpenMP locks only as happens-before)
#include <omp.h>
#include <stdio.h>

omp_lock_t lock;
int counter;

__attribute__((noinline)) static void bump(void) {
  omp_set_lock(&lock);  // DEADLOCK BLOCK
  counter++;
  omp_unset_lock(&lock);
}

int main(void) {
  omp_init_lock(&lock);
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    {
      omp_set_lock(&lock);
      bump();
      omp_unset_lock(&lock);
    }
  }
  printf("unreachable %d\n", counter);
  return 0;
}
