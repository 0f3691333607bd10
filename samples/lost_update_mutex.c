// Lost update, fixed with a mutex (twin of lost_update_racy.c).
//
// Each `hits++` now runs between pthread_mutex_lock and pthread_mutex_unlock on the same mutex.
// An unlock happens-before the next lock of that mutex, so every increment is ordered after the
// previous one: no two loads can see the same old value, none is lost, and there is no race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kIncrementsPerThread = 100000 };

static pthread_mutex_t hits_lock = PTHREAD_MUTEX_INITIALIZER;
long hits;

static void *count_hits(void *unused) {
  (void)unused;
  for (int i = 0; i < kIncrementsPerThread; ++i) {
    pthread_mutex_lock(&hits_lock);
    hits++;
    pthread_mutex_unlock(&hits_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_hits, NULL);
  pthread_create(&b, NULL, count_hits, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("hits = %ld (expected %d)\n", hits, 2 * kIncrementsPerThread);
  return hits == 2 * kIncrementsPerThread ? 0 : 1;
}
