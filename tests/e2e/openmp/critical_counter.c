// A shared counter updated inside an unnamed critical section.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int counter;

int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
#pragma omp critical
    counter++;
  }
  printf("%d\n", counter);
  return 0;
}
