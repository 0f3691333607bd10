// Statistics counters updated without synchronization on purpose, declared benign with
// AnnotateBenignRaceSized over the whole block: the races on them are not reported.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

void AnnotateBenignRaceSized(const char *file, int line, const volatile void *addr, size_t size,
                             const char *description);

static struct {
  long hits;
  long misses;
} stats;

static void *worker(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++) {
    if (i % 3) stats.hits++;
    else stats.misses++;
  }
  return NULL;
}

int main(void) {
  AnnotateBenignRaceSized(__FILE__, __LINE__, &stats, sizeof stats, "approximate statistics");
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("hits+misses <= 2000: %d\n", stats.hits + stats.misses <= 2000);
  return 0;
}
