// Two threads each hold one omp_lock_t and wait for the other's: the program hangs, and
// Interlock ends it with the wait-for cycle (after the lock-order cycle it saw on the way).
// ARGS: -fopenmp
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs TSan has no hang detection (and sees OpenMP locks only as happens-before)
#include <omp.h>
#include <stdio.h>
#include <stdatomic.h>

// Both threads hold their first lock before either asks for its second.
static atomic_int arrived;
static void meet(void) {
  atomic_fetch_add_explicit(&arrived, 1, memory_order_relaxed);
  while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2) {
  }
}

omp_lock_t first, second;

// noinline: at -O1 the two inlined bodies would end in one shared omp_set_lock call (merged by the
// optimizer), whose line is neither of these.
__attribute__((noinline)) static void take_first_then_second(void) {
  omp_set_lock(&first);
  meet();
  omp_set_lock(&second);  // CYCLE DEADLOCK BLOCK
}

__attribute__((noinline)) static void take_second_then_first(void) {
  omp_set_lock(&second);
  meet();
  omp_set_lock(&first);  // CYCLE DEADLOCK BLOCK
}

int main(void) {
  omp_init_lock(&first);
  omp_init_lock(&second);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0)
      take_first_then_second();
    else
      take_second_then_first();
  }
  printf("unreachable\n");
  return 0;
}
