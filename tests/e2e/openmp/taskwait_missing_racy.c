// A task writes a result that its creator reads without waiting for the task.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>
#include <stdatomic.h>

// The two sides wait here for each other (relaxed atomics: no ordering), so they run at the same
// time on two threads rather than one after the other on one.
static atomic_int arrived;
static void meet(void) {
  atomic_fetch_add_explicit(&arrived, 1, memory_order_relaxed);
  while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2) {
  }
}

int result;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task
    {
      meet();
      result = 42;  // RACE
    }
    meet();
    printf("%d\n", result);  // RACE
  }
  return 0;
}
