// Every thread creates many tasks with firstprivate data, then waits for them; libomp hands the
// blocks of finished tasks to later tasks, created by other threads, through pools of its own.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

long totals[64];

int main(void) {
#pragma omp parallel
  {
    const int me = omp_get_thread_num();
    for (int round = 0; round < 20; round++) {
      for (int t = 0; t < 8; t++) {
        int weights[4] = {t, t + 1, t + 2, round};
#pragma omp task firstprivate(weights) shared(totals)
        {
          long sum = weights[0] + weights[1] + weights[2] + weights[3];
#pragma omp atomic
          totals[omp_get_thread_num()] += sum;
        }
      }
#pragma omp taskwait
    }
    (void)me;
  }
  long all = 0;
  for (int i = 0; i < 64; i++) all += totals[i];
  printf("%ld\n", all);
  return 0;
}
