// Many parallel regions of changing team sizes, one after another and nested: libomp recycles
// its teams and their memory between them. Each region reads a neighbour's slot written by the
// previous region, then (after a barrier) writes its own.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int slots[8];  // 0-3: one per outer thread; 4-7: counted atomically by inner teams

int main(void) {
  omp_set_max_active_levels(2);
  for (int round = 0; round < 30; round++) {
    const int size = 1 + round % 4;
#pragma omp parallel num_threads(size)
    {
      const int me = omp_get_thread_num();
      const int neighbour = slots[(me + 1) % size];  // written by the previous region
#pragma omp barrier
      slots[me] = neighbour + round;
#pragma omp parallel num_threads(2) if (round % 3 == 0)
      {
#pragma omp atomic
        slots[4 + me % 4] += 1;
      }
    }
  }
  printf("%d\n", slots[0]);
  return 0;
}
