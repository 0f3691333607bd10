// A spinlock built from __sync_bool_compare_and_swap (take: 0 -> 1) and released with
// __sync_val_compare_and_swap (1 -> 0), both full barriers, guards a plain total updated by
// three threads.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int lock_word;
long total;

static void take(void) {
  while (!__sync_bool_compare_and_swap(&lock_word, 0, 1)) sched_yield();
}

static void give(void) { __sync_val_compare_and_swap(&lock_word, 1, 0); }

static void *add(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    take();
    total += 2;
    give();
  }
  return NULL;
}

int main(void) {
  pthread_t threads[3];
  for (int t = 0; t < 3; ++t) pthread_create(&threads[t], NULL, add, NULL);
  for (int t = 0; t < 3; ++t) pthread_join(threads[t], NULL);
  printf("%ld\n", total);
  return total == 6000 ? 0 : 1;
}
