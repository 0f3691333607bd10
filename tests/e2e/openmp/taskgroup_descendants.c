// taskgroup waits for every descendant: a task creates a grandchild that writes a variable the
// creator reads after the group, without any taskwait.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int child_value, grandchild_value;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskgroup
    {
#pragma omp task
      {
#pragma omp task
        grandchild_value = 2;
        child_value = 1;
      }
    }
    printf("%d %d\n", child_value, grandchild_value);
  }
  return 0;
}
