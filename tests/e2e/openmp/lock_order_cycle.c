// Two omp_lock_t taken in opposite orders by two threads, in different phases (a barrier apart),
// so this run does not hang: a potential deadlock.
// ARGS: -fopenmp
// EXPECT: lock-order-cycle
// TSAN: differs Archer gives TSan OpenMP locks as happens-before annotations, not as mutexes, so TSan's deadlock detector never sees them
#include <omp.h>
#include <stdio.h>

omp_lock_t accounts, audit;
int balance, entries;

int main(void) {
  omp_init_lock(&accounts);
  omp_init_lock(&audit);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
      omp_set_lock(&accounts);
      omp_set_lock(&audit);  // CYCLE EDGE
      balance += 1;
      entries += 1;
      omp_unset_lock(&audit);
      omp_unset_lock(&accounts);
    }
#pragma omp barrier
    if (omp_get_thread_num() == 1) {
      omp_set_lock(&audit);
      omp_set_lock(&accounts);  // CYCLE EDGE
      entries += 1;
      balance += 1;
      omp_unset_lock(&accounts);
      omp_unset_lock(&audit);
    }
  }
  omp_destroy_lock(&accounts);
  omp_destroy_lock(&audit);
  printf("%d %d\n", balance, entries);
  return 0;
}
