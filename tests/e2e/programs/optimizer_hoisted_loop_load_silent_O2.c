// The optimizer must not hoist a conditional load out of a loop: count_negatives() adds
// shared_global only for negative elements, and the array has none, while the writer thread
// writes shared_global with no synchronization. At -O2 LICM would load shared_global once before
// the loop, unconditionally (and the vectorizer would then select it per element); instrumented,
// that load races with the write although the program never makes it. The speculation guard
// (functions marked `sanitize_thread` before optimization, as TSan does) keeps it conditional.
// EXPECT: silent
// TSAN: same
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int shared_global;
static int values[64];  // all non-negative

__attribute__((noinline)) static int count_negatives(const int *a, int n) {
  int sum = 0;
  for (int i = 0; i < n; i++)
    if (a[i] < 0)
      sum += shared_global;
  return sum;
}

static void *reader(void *unused) {
  (void)unused;
  int total = 0;
  for (int round = 0; round < 100; round++)
    total += count_negatives(values, 64);
  return (void *)(long)total;
}

static void *writer(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++)
    shared_global = i;
  return NULL;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    values[i] = i;
  pthread_t r, w;
  pthread_create(&r, NULL, reader, NULL);
  pthread_create(&w, NULL, writer, NULL);
  void *total;
  pthread_join(r, &total);
  pthread_join(w, NULL);
  printf("%ld\n", (long)total);
  return 0;
}
