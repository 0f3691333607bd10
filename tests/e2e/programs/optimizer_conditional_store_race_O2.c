// The racy twin of optimizer_conditional_store_silent_O2.c: here every other element is
// negative, so count_negatives() really reads and increments shared_counter inside the loop
// while the writer stores to it with no synchronization. Keeping LICM from promoting the
// counter must not hide this race: the load and store stay in the loop and are checked there.
// EXPECT: data-race
// TSAN: same
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int shared_counter;
static int values[64];

__attribute__((noinline)) static void count_negatives(int n) {
  for (int i = 0; i < n; i++)
    if (values[i] < 0)
      shared_counter++;  // RACE (its read and its write, with the writer's store)
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
    shared_counter = i;  // RACE
  return NULL;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    values[i] = i % 2 ? -i : i;
  pthread_t c, w;
  pthread_create(&c, NULL, counter, NULL);
  pthread_create(&w, NULL, writer, NULL);
  pthread_join(c, NULL);
  pthread_join(w, NULL);
  printf("%d\n", shared_counter);
  return 0;
}
