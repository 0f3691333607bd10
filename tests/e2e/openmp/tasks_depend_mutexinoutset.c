// Tasks in a mutexinoutset over the same variable exclude each other (any order); a reader with
// depend(in) runs after all of them.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int total;
int copy;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
    for (int i = 1; i <= 6; i++) {
#pragma omp task depend(mutexinoutset : total) firstprivate(i)
      total += i;
    }
#pragma omp task depend(in : total)
    copy = total;
  }
  printf("%d %d\n", total, copy);
  return 0;
}
