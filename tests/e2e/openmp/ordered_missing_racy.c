// A loop declared ordered (iterations dealt round-robin to the threads), but the append was left
// outside the ordered region: the next iteration's ordered region does not wait for it.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <stdio.h>

int log_entries[64];
int log_length;
int order_check;

int main(void) {
#pragma omp parallel for ordered schedule(static, 1)
  for (int i = 0; i < 64; i++) {
#pragma omp ordered
    order_check += i;
    log_length++;  // RACE x2
  }
  printf("%d %d\n", log_length, order_check);
  return 0;
}
