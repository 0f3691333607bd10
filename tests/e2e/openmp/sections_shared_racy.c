// One section writes a variable that another section reads.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: differs TSan names line 21 (the parallel construct) for the read: at -O1 the load of status is hoisted to the start of the region's outlined function
#include <stdio.h>
#include <stdatomic.h>

// The two sections wait here for each other (relaxed atomics: no ordering), so they run at the
// same time on two threads rather than one after the other on one.
static atomic_int arrived;
static void meet(void) {
  atomic_fetch_add_explicit(&arrived, 1, memory_order_relaxed);
  while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2) {
  }
}

int status;
int seen;

int main(void) {
#pragma omp parallel
  {
#pragma omp sections
    {
#pragma omp section
      {
        meet();
        status = 1;  // RACE
      }
#pragma omp section
      {
        meet();
        seen = status;  // RACE
      }
    }
  }
  printf("%d %d\n", status, seen);
  return 0;
}
