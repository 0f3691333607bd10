// An ordered region appends to a shared log in iteration order: each append happens after the
// previous iteration's.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

int log_entries[64];
int log_length;

int main(void) {
#pragma omp parallel for ordered schedule(dynamic, 1)
  for (int i = 0; i < 64; i++) {
    int squared = i * i;
#pragma omp ordered
    log_entries[log_length++] = squared;
  }
  printf("%d %d\n", log_length, log_entries[63]);
  return 0;
}
