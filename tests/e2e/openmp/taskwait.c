// The creator waits for its child tasks with taskwait before reading what they wrote; the tasks
// are recursive (a task that creates tasks and waits for them).
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

static long fib(int n) {
  if (n < 2) return n;
  long a, b;
#pragma omp task shared(a)
  a = fib(n - 1);
#pragma omp task shared(b)
  b = fib(n - 2);
#pragma omp taskwait
  return a + b;
}

int main(void) {
  long result = 0;
#pragma omp parallel
#pragma omp single
  result = fib(12);
  printf("%ld\n", result);
  return 0;
}
