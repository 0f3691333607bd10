// One thread updates the counter without taking the lock the others take.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <omp.h>
#include <stdio.h>

int counter;

int main(void) {
  omp_lock_t lock;
  omp_init_lock(&lock);
#pragma omp parallel
  {
    if (omp_get_thread_num() == 1) {
      counter = 5;  // RACE
    } else {
      omp_set_lock(&lock);
      counter = 7;  // RACE
      omp_unset_lock(&lock);
    }
  }
  omp_destroy_lock(&lock);
  printf("%d\n", counter);
  return 0;
}
