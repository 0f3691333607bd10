// A detached thread posts a semaphore main waits for, then writes once more before it finishes.
// Main knows what it did up to the post, not that last write: the thread's clock slot must not go
// to the thread main starts next (two records of one slot count as ordered), or that thread's
// write of the same variable would not be seen to race.
// EXPECT: data-race
// THREADS: detached later
#include "detached_thread.h"  // (first: it asks for the GNU extensions)

#include <semaphore.h>

static sem_t posted;
static int before_post, after_post;
static atomic_int detached_id;

static void *detached(void *arg) {
  (void)arg;
  publish_own_thread_id(&detached_id);
  pthread_setname_np(pthread_self(), "detached");
  before_post = 1;
  sem_post(&posted);
  after_post = 1;  // RACE
  return NULL;
}

static void *later(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "later");
  after_post = 2;  // RACE
  return NULL;
}

int main(void) {
  sem_init(&posted, 0, 0);
  start_detached_thread(detached);
  sem_wait(&posted);
  int seen = before_post;  // ordered by the post
  wait_until_thread_gone(&detached_id);
  pthread_t thread;
  pthread_create(&thread, NULL, later, NULL);
  pthread_join(thread, NULL);
  printf("%d %d\n", seen, after_post);
  return 0;
}
