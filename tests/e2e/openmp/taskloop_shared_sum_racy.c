// taskloop iterations all add to one shared sum (no reduction).
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: differs TSan names line 23 (the taskloop construct) for one side: at -O1 the load of sum is hoisted out of the loop of the task's outlined function
#include <stdio.h>
#include <stdatomic.h>

// The two tasks wait here for each other (relaxed atomics: no ordering), so they run at the same
// time on two threads rather than one after the other on one.
static atomic_int arrived;
static void meet(void) {
  atomic_fetch_add_explicit(&arrived, 1, memory_order_relaxed);
  while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2) {
  }
}

long sum;

int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskloop num_tasks(2)
    for (int i = 0; i < 2; i++) {
      meet();
      sum += i + 1;  // RACE x2
    }
  }
  printf("%ld\n", sum);
  return 0;
}
