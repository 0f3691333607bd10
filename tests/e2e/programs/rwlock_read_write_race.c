// A thread writes while holding only the *read* lock. Two read-lock holders are not ordered
// with each other, so its write races with the other reader.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
int cache_entry;

static void *refresh(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&cache_lock);
  cache_entry = 5;  // RACE
  pthread_rwlock_unlock(&cache_lock);
  return NULL;
}

static void *lookup(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&cache_lock);
  int seen = cache_entry;  // RACE
  pthread_rwlock_unlock(&cache_lock);
  printf("%d\n", seen);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, refresh, NULL);
  pthread_create(&b, NULL, lookup, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
