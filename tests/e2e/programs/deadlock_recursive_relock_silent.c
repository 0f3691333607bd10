// A recursive mutex re-locked by its holder three levels deep while another thread contends for
// it, and an error-checking mutex whose re-lock fails with EDEADLK instead of blocking: neither
// thread ever blocks forever, and Interlock stays silent.
// EXPECT: silent
// TSAN: same
#include <errno.h>
#include <pthread.h>

pthread_mutex_t tree_lock;
pthread_mutex_t checked_lock;
int nodes;

static void visit(int depth) {
  pthread_mutex_lock(&tree_lock);
  nodes++;
  if (depth > 0) visit(depth - 1);
  pthread_mutex_unlock(&tree_lock);
}

static void *walker(void *arg) {
  for (int i = 0; i < 200; i++) visit(3);
  return arg;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&tree_lock, &attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&checked_lock, &attr);
  pthread_t t;
  pthread_create(&t, NULL, walker, NULL);
  for (int i = 0; i < 200; i++) visit(3);
  pthread_join(t, NULL);
  pthread_mutex_lock(&checked_lock);
  int relock = pthread_mutex_lock(&checked_lock);  // refused, does not block
  pthread_mutex_unlock(&checked_lock);
  return nodes == 1600 && relock == EDEADLK ? 0 : 1;
}
