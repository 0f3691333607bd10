// Re-locking a recursive mutex adds no lock-order edge. T1 holds the recursive `outer`, takes
// `inner`, then re-locks `outer` (already its own: it cannot wait). T2 takes outer then inner,
// the same order. A detector that counted the re-lock as "holds inner, requests outer" would see
// inner -> outer (T1) against outer -> inner (T2) and report a false cycle.
// EXPECT: silent
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t outer;
static pthread_mutex_t inner = PTHREAD_MUTEX_INITIALIZER;
static int value;

static void *relock_outer_under_inner(void *unused) {
  (void)unused;
  pthread_mutex_lock(&outer);
  pthread_mutex_lock(&inner);
  pthread_mutex_lock(&outer);  // recursive re-lock while holding inner: no edge
  value += 1;
  pthread_mutex_unlock(&outer);
  pthread_mutex_unlock(&inner);
  pthread_mutex_unlock(&outer);
  return NULL;
}

static void *outer_then_inner(void *unused) {
  (void)unused;
  pthread_mutex_lock(&outer);
  pthread_mutex_lock(&inner);
  value += 1;
  pthread_mutex_unlock(&inner);
  pthread_mutex_unlock(&outer);
  return NULL;
}

int main(void) {
  pthread_mutexattr_t recursive;
  pthread_mutexattr_init(&recursive);
  pthread_mutexattr_settype(&recursive, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&outer, &recursive);
  pthread_mutexattr_destroy(&recursive);
  pthread_t first, second;
  pthread_create(&first, NULL, relock_outer_under_inner, NULL);
  pthread_create(&second, NULL, outer_then_inner, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  pthread_mutex_destroy(&outer);
  return value == 2 ? 0 : 1;
}
