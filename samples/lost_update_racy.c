// Lost update: two threads each add 100000 to a shared counter with `hits++`.
//
// The bug: `hits++` is three steps (load, add, store). When both threads load the same old value,
// both store old+1 and one increment is lost. Whether the printed total actually comes out below
// 200000 depends on timing and on the optimizer (at -O1 clang may fold the loop into one
// `hits += 100000`, which makes losses rare), but the race is there either way: nothing orders
// one thread's increments with the other's. That is what Interlock reports, on every run.
//
// The fixes: lost_update_mutex.c makes the increment a critical section; lost_update_atomic.c
// makes it one indivisible atomic read-modify-write.
// EXPECT: data-race 23 23
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kIncrementsPerThread = 100000 };

long hits;

static void *count_hits(void *unused) {
  (void)unused;
  for (int i = 0; i < kIncrementsPerThread; ++i) {
    hits++;  // RACE
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_hits, NULL);
  pthread_create(&b, NULL, count_hits, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("hits = %ld (expected %d)\n", hits, 2 * kIncrementsPerThread);
  return 0;
}
