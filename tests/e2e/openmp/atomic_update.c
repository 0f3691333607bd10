// omp atomic update, capture, read and write on shared scalars (integer and floating point).
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

long hits;
double weight;
int last_ticket;

int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 100; i++) {
#pragma omp atomic
    hits++;
#pragma omp atomic update
    weight += 0.5;
    int ticket;
#pragma omp atomic capture
    ticket = last_ticket++;
    (void)ticket;
  }
  long h;
#pragma omp atomic read
  h = hits;
  printf("%ld %g %d\n", h, weight, last_ticket);
  return 0;
}
