// Hand-over-hand locking releases locks out of acquisition order: T1 takes A, then B, lets go of
// A, then takes C while holding only B. Its edges are A -> B and B -> C, but not A -> C. T2 (run
// afterwards) takes C then A, closing the cycle A -> B -> C -> A of three edges. Were A still
// counted as held after its unlock, the report would be the shorter A -> C -> A instead.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;
static int steps;

static void *walk_forward(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // CYCLE
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&c);  // CYCLE
  steps += 1;
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&b);
  return NULL;
}

static void *wrap_around(void *unused) {
  (void)unused;
  pthread_mutex_lock(&c);
  pthread_mutex_lock(&a);  // CYCLE
  steps += 1;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&c);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, walk_forward, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, wrap_around, NULL);
  pthread_join(thread, NULL);
  return steps == 2 ? 0 : 1;
}
