// A task reads a variable its creator goes on writing after creating it, with no dependence or
// wait between them.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>
#include <stdatomic.h>

// The task and its creator wait here for each other (relaxed atomics: no ordering), so they run
// at the same time on two threads.
static atomic_int arrived;
static void meet(void) {
  atomic_fetch_add_explicit(&arrived, 1, memory_order_relaxed);
  while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2) {
  }
}

int progress;
int observed;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task
    {
      meet();
      observed = progress;  // RACE
    }
    meet();
    progress = 1;  // RACE
  }
  printf("%d\n", observed);
  return 0;
}
