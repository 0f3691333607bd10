// The optimizer must not invent a load: count_negatives() reads and increments shared_counter
// only for negative elements, and the array has none, while the writer thread writes
// shared_counter with no synchronization. LLVM 14's LICM promotes a location whose stores in a
// loop are all conditional: it would load the counter once before the loop, unconditionally,
// without asking whether the function is `sanitize_thread`, and that load, instrumented, would
// race with the writer although the program never makes it. The plugin makes such loads
// volatile until it instruments them (LoopPromotionGuardPass), which LICM never promotes.
// EXPECT: silent
// TSAN: differs clang-14's TSan reports the load LICM invents before the loop
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int shared_counter;
static int values[64];  // all non-negative

__attribute__((noinline)) static void count_negatives(const int *a, int n) {
  for (int i = 0; i < n; i++)
    if (a[i] < 0)
      shared_counter++;
}

static void *counter(void *unused) {
  (void)unused;
  for (int round = 0; round < 100; round++)
    count_negatives(values, 64);
  return NULL;
}

static void *writer(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++)
    shared_counter = i;
  return NULL;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    values[i] = i;
  pthread_t c, w;
  pthread_create(&c, NULL, counter, NULL);
  pthread_create(&w, NULL, writer, NULL);
  pthread_join(c, NULL);
  pthread_join(w, NULL);
  printf("%d\n", shared_counter);
  return 0;
}
