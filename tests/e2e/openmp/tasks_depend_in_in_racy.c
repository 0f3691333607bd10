// Two tasks that both declare depend(in:x) may run together, but one of them writes x.
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
int y;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(in : x)
    {
      meet();
      x = 2;  // RACE
    }
#pragma omp task depend(in : x)
    {
      meet();
      y = x;  // RACE
    }
  }
  printf("%d\n", y);
  return 0;
}
