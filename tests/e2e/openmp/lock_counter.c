// omp_lock_t guarding a shared counter, with omp_test_lock spinning for it on odd iterations.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int counter;

int main(void) {
  omp_lock_t lock;
  omp_init_lock(&lock);
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
    if (i % 2) {
      while (!omp_test_lock(&lock)) {
      }
    } else {
      omp_set_lock(&lock);
    }
    counter++;
    omp_unset_lock(&lock);
  }
  omp_destroy_lock(&lock);
  printf("%d\n", counter);
  return 0;
}
