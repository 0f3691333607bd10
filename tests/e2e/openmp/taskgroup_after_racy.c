// A task created after the taskgroup ended is not waited for by it: the creator reads what the
// late task writes.
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

int in_group, late;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskgroup
    {
#pragma omp task
      in_group = 1;
    }
#pragma omp task
    {
      meet();
      late = in_group + 1;  // RACE
    }
    meet();
    printf("%d\n", late);  // RACE
  }
  return 0;
}
