// A spinlock made of a C11 atomic_flag: atomic_flag_test_and_set_explicit with acquire takes
// it, atomic_flag_clear_explicit with release frees it (and the plain atomic_flag_test_and_set /
// atomic_flag_clear, seq_cst, in the second thread). It guards a plain array of counts.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

atomic_flag busy = ATOMIC_FLAG_INIT;
long counts[3];

static void *explicit_orders(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire)) sched_yield();
    counts[i % 3] += 1;
    atomic_flag_clear_explicit(&busy, memory_order_release);
  }
  return NULL;
}

static void *default_orders(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    while (atomic_flag_test_and_set(&busy)) sched_yield();
    counts[(i + 1) % 3] += 1;
    atomic_flag_clear(&busy);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, explicit_orders, NULL);
  pthread_create(&b, NULL, default_orders, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  long total = counts[0] + counts[1] + counts[2];
  printf("%ld\n", total);
  return total == 2000 ? 0 : 1;
}
