// optimizer_conditional_store_silent_O2.c with the conditional update in a helper that the
// inliner puts into the loop: the loop only exists as such after inlining, so the plugin must
// keep LICM from promoting the counter there too (it does so before each function's loop
// passes, after inlining). No element is negative: the program never reads the counter in
// count_negatives(), and the writer's unsynchronized stores race with nothing.
// EXPECT: silent
// TSAN: differs clang-14's TSan reports the load LICM invents before the loop
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int shared_counter;
static int values[64];  // all non-negative

static inline void bump_if_negative(int value) {
  if (value < 0)
    shared_counter++;
}

__attribute__((noinline)) static void count_negatives(int n) {
  for (int i = 0; i < n; i++)
    bump_if_negative(values[i]);
}

static void *counter(void *unused) {
  (void)unused;
  for (int round = 0; round < 100; round++)
    count_negatives(64);
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
