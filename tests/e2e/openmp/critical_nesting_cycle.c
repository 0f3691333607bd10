// Named critical sections nested in opposite orders by two threads (a barrier apart): a
// potential deadlock between the two names.
// ARGS: -fopenmp
// EXPECT: lock-order-cycle
// TSAN: differs Archer gives TSan critical sections as happens-before annotations, not as mutexes, so TSan's deadlock detector never sees them
#include <omp.h>
#include <stdio.h>

int queue_length, stats;

int main(void) {
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
#pragma omp critical(queue)
      {
#pragma omp critical(statistics)  // CYCLE EDGE
        stats += queue_length;
      }
    }
#pragma omp barrier
    if (omp_get_thread_num() == 1) {
#pragma omp critical(statistics)
      {
#pragma omp critical(queue)  // CYCLE EDGE
        queue_length += stats;
      }
    }
  }
  printf("%d %d\n", queue_length, stats);
  return 0;
}
