// A thread takes A then B, later B then A, each time inside the gate lock G; a second thread
// does the same. G keeps the nested pairs from running at once, so no two threads can wait for
// each other across A and B: silent, single-thread cycles being reported by default
// notwithstanding (the gate filter applies to every cycle).
// EXPECT: silent
// TSAN: differs TSan reports lock-order inversions under a gate lock
#include <pthread.h>

static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void nested(pthread_mutex_t *outer, pthread_mutex_t *inner) {
  pthread_mutex_lock(&g);
  pthread_mutex_lock(outer);
  pthread_mutex_lock(inner);
  counter += 1;
  pthread_mutex_unlock(inner);
  pthread_mutex_unlock(outer);
  pthread_mutex_unlock(&g);
}

static void *both_orders(void *unused) {
  (void)unused;
  nested(&a, &b);
  nested(&b, &a);
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, both_orders, NULL);
  pthread_join(first, NULL);
  pthread_create(&second, NULL, both_orders, NULL);
  pthread_join(second, NULL);
  return counter == 4 ? 0 : 1;
}
