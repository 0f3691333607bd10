// The same two locks always taken in one order by every thread: no cycle.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

omp_lock_t accounts, audit;
int balance, entries;

int main(void) {
  omp_init_lock(&accounts);
  omp_init_lock(&audit);
#pragma omp parallel for
  for (int i = 0; i < 32; i++) {
    omp_set_lock(&accounts);
    omp_set_lock(&audit);
    balance += 1;
    entries += 1;
    omp_unset_lock(&audit);
    omp_unset_lock(&accounts);
  }
  omp_destroy_lock(&accounts);
  omp_destroy_lock(&audit);
  printf("%d %d\n", balance, entries);
  return 0;
}
