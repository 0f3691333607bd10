// Two threads fill halves of a table, but the first one's range is off by one and overlaps the
// second's first element: only table[8] is written by both.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

int table[16];

static void *fill_low(void *unused) {
  (void)unused;
  for (int i = 0; i <= 8; ++i) table[i] = i * 3;  // RACE
  return NULL;
}

static void *fill_high(void *unused) {
  (void)unused;
  for (int i = 8; i < 16; ++i) table[i] = i * 5;  // RACE
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, fill_low, NULL);
  pthread_create(&b, NULL, fill_high, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", table[8]);
  return 0;
}
