// Lost update, fixed with an atomic counter (twin of lost_update_racy.c).
//
// atomic_fetch_add does load, add and store as one indivisible step, so concurrent increments
// cannot overlap. Atomic accesses to the same object never race with each other. Relaxed order is
// enough: the counter publishes no other data, and main reads it after pthread_join anyway.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { kIncrementsPerThread = 100000 };

atomic_long hits;

static void *count_hits(void *unused) {
  (void)unused;
  for (int i = 0; i < kIncrementsPerThread; ++i) {
    atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_hits, NULL);
  pthread_create(&b, NULL, count_hits, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  long total = atomic_load(&hits);
  printf("hits = %ld (expected %d)\n", total, 2 * kIncrementsPerThread);
  return total == 2 * kIncrementsPerThread ? 0 : 1;
}
