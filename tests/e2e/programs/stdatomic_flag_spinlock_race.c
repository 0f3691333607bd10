// The atomic_flag spinlock of stdatomic_flag_spinlock_silent.c with a relaxed unlock
// (atomic_flag_clear_explicit(..., memory_order_relaxed)): the next owner's acquire
// test-and-set reads a value that was not released, so the critical sections are not ordered
// and the guarded counter races.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

atomic_flag busy = ATOMIC_FLAG_INIT;
long count;

static void *add(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) sched_yield();
    count += 1;  // RACE x2
    atomic_flag_clear_explicit(&busy, memory_order_relaxed);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, add, NULL);
  pthread_create(&b, NULL, add, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", count);
  return 0;
}
