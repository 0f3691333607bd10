// Two threads update one struct. 'hits' and 'misses' are different bytes of the same 8-byte word
// and each belongs to one thread: no race there. Both threads store 'total': that one races.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

struct stats {
  int hits;
  int misses;
  long total;
};

struct stats counters;

static void *count_hits(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; ++i) counters.hits += 1;
  counters.total = 10;  // RACE
  return NULL;
}

static void *count_misses(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; ++i) counters.misses += 1;
  counters.total = 20;  // RACE
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_hits, NULL);
  pthread_create(&b, NULL, count_misses, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d %d %ld\n", counters.hits, counters.misses, counters.total);
  return 0;
}
