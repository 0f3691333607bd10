// One thread takes A then B, later B then A; no other thread ever takes both. An inversion
// within one thread cannot deadlock (a thread cannot wait for itself across two critical sections
// it runs one after the other), so every edge of the "cycle" comes from the same thread: silent.
// A second thread uses A alone so the program is multi-threaded.
// EXPECT: silent
// TSAN: differs TSan reports lock-order inversions whose edges all come from one thread
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *both_orders(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  counter += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);

  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
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
