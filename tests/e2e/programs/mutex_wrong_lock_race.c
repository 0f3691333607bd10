// Both threads lock, but different mutexes: two locks protect nothing from each other.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
int inventory;

static void *restock(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock_a);
  inventory = 50;  // RACE
  pthread_mutex_unlock(&lock_a);
  return NULL;
}

static void *audit(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock_b);
  int seen = inventory;  // RACE
  pthread_mutex_unlock(&lock_b);
  printf("%d\n", seen);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, restock, NULL);
  pthread_create(&b, NULL, audit, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
