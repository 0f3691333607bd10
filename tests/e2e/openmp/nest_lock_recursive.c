// omp_nest_lock_t taken again by its owner in a recursive helper: every level is one holding.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

omp_nest_lock_t lock;
int total;

static void add(int depth) {
  omp_set_nest_lock(&lock);
  total += depth;
  if (depth > 0) add(depth - 1);
  omp_unset_nest_lock(&lock);
}

int main(void) {
  omp_init_nest_lock(&lock);
#pragma omp parallel for
  for (int i = 0; i < 16; i++) add(3);
  omp_destroy_nest_lock(&lock);
  printf("%d\n", total);
  return 0;
}
