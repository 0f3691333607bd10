// The benign range is exact to the byte: `hits` is exempt, `misses`, the other half of the same
// 8-byte word, is not, so the race on `misses` is still reported and the one on `hits` is not.
// EXPECT: data-race
// TSAN: differs clang-14's TSan drops every race on an 8-byte word after the first one it meets there, even a benign one it does not report
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

void AnnotateBenignRaceSized(const char *file, int line, const volatile void *addr, size_t size,
                             const char *description);

static struct {
  int hits;
  int misses;
} stats;

static void *first_worker(void *unused) {
  (void)unused;
  stats.hits++;
  stats.misses++;  // RACE
  return NULL;
}

static void *second_worker(void *unused) {
  (void)unused;
  stats.hits++;
  stats.misses++;  // RACE
  return NULL;
}

int main(void) {
  AnnotateBenignRaceSized(__FILE__, __LINE__, &stats.hits, sizeof stats.hits, "approximate");
  pthread_t a, b;
  pthread_create(&a, NULL, first_worker, NULL);
  pthread_create(&b, NULL, second_worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d %d\n", stats.hits, stats.misses);
  return 0;
}
