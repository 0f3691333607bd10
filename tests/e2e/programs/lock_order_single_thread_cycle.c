// One thread takes A then B, later B then A; no other thread ever takes both. That thread cannot
// deadlock with itself (it runs the two critical sections one after the other), but two threads
// running both_orders() at once can, and a test that runs each path on one thread is where such
// an inversion is usually seen first: reported by default (detect_single_thread_cycles), with
// evidence that one thread took both orders. A second thread uses A alone.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *both_orders(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // CYCLE requested while holding a
  counter += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);

  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // CYCLE requested while holding b
  counter += 1;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}

static void *only_a(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  counter += 1;
  pthread_mutex_unlock(&a);
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, both_orders, NULL);
  pthread_create(&second, NULL, only_a, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  return counter == 3 ? 0 : 1;
}
