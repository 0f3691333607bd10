// Untied tasks that yield between updates of their own data: libomp may resume such a task on
// another thread, after what it did before the yield.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

long results[16];

int main(void) {
#pragma omp parallel
#pragma omp single
  {
    for (int t = 0; t < 16; t++) {
#pragma omp task untied firstprivate(t) shared(results)
      {
        long mine[4] = {t, 0, 0, 0};
        for (int step = 1; step < 4; step++) {
#pragma omp taskyield
          mine[step] = mine[step - 1] + step;
        }
        results[t] = mine[3];
      }
    }
#pragma omp taskwait
    long total = 0;
    for (int t = 0; t < 16; t++) total += results[t];
    printf("%ld\n", total);
  }
  return 0;
}
