// lock_order_single_thread_cycle.c with detect_single_thread_cycles=0: a cycle whose every edge
// one thread made is not reported (only cycles two or more threads made are), for programs whose
// phases are known never to run at once.
// EXPECT: silent
// OPTIONS: detect_single_thread_cycles=0
// TSAN: differs TSan has no option to leave out lock-order inversions of one thread
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *both_orders(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // requested while holding a
  counter += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);

  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // requested while holding b
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
