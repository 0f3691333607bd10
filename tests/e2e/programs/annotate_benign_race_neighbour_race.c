// Only the bytes declared benign are exempt: `hits` is, its neighbour `misses` is not, so the
// race on `misses` is still reported and the one on `hits` is not. (Both fields in one 8-byte
// word: annotate_benign_race_same_word_race.c.)
// EXPECT: data-race
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
  printf("%ld %ld\n", stats.hits, stats.misses);
  return 0;
}
