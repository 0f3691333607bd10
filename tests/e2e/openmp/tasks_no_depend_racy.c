// Two sibling tasks without dependences: one writes a variable the other reads.
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

int x;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task
    {
      meet();
      x = 1;  // RACE
    }
#pragma omp task
    {
      meet();
      printf("%d\n", x);  // RACE
    }
  }
  return 0;
}
