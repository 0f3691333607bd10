// Twin of optimizer_hoisted_loop_load_silent_O2.c with one negative element: the load the
// program makes races with the writer, reported at its line inside the loop.
// EXPECT: data-race
// TSAN: same
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int shared_global;
static int values[64];  // one negative element

__attribute__((noinline)) static int count_negatives(const int *a, int n) {
  int sum = 0;
  for (int i = 0; i < n; i++)
    if (a[i] < 0)
      sum += shared_global;  // RACE
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
    shared_global = i;  // RACE
  return NULL;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    values[i] = i - 1;
  pthread_t r, w;
  pthread_create(&r, NULL, reader, NULL);
  pthread_create(&w, NULL, writer, NULL);
  void *total;
  pthread_join(r, &total);
  pthread_join(w, NULL);
  printf("%ld\n", (long)total);
  return 0;
}
