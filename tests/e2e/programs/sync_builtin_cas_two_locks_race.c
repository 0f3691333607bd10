// The compare-and-swap spinlock of sync_builtin_cas_spinlock_silent.c, but each thread takes its
// own lock word: two locks protect nothing from each other, so the total races.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int lock_words[2];
long total;

static void take(int *lock_word) {
  while (!__sync_bool_compare_and_swap(lock_word, 0, 1)) sched_yield();
}

static void give(int *lock_word) { __sync_val_compare_and_swap(lock_word, 1, 0); }

static void *add(void *arg) {
  int *lock_word = arg;
  for (int i = 0; i < 1000; ++i) {
    take(lock_word);
    total += 2;  // RACE x2
    give(lock_word);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  for (int t = 0; t < 2; ++t) pthread_create(&threads[t], NULL, add, &lock_words[t]);
  for (int t = 0; t < 2; ++t) pthread_join(threads[t], NULL);
  printf("%ld\n", total);
  return 0;
}
