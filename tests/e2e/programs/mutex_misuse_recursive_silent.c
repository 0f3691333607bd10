// A recursive mutex locked twice and unlocked twice by its owner: the first unlock leaves it
// held, the second releases it; neither is a misuse. Then another thread takes it.
// EXPECT: silent
// PRINTS: depth back to 0
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t tree_lock;
static int depth;

static void visit(int levels) {
  pthread_mutex_lock(&tree_lock);
  depth++;
  if (levels > 1) visit(levels - 1);
  depth--;
  pthread_mutex_unlock(&tree_lock);
}

static void *visit_in_thread(void *unused) {
  (void)unused;
  visit(2);
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&tree_lock, &attributes);
  visit(2);
  pthread_t other;
  pthread_create(&other, NULL, visit_in_thread, NULL);
  pthread_join(other, NULL);
  pthread_mutex_destroy(&tree_lock);
  printf("depth back to %d\n", depth);
  return 0;
}
