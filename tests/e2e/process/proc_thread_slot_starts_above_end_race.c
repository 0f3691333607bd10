// A detached thread writes, posts a semaphore, and starts a waiter thread as its last act. Main
// waits for the post, so it knows every access the detached thread recorded, and the thread's
// clock slot goes to the next thread main starts. The waiter knows the detached thread up to its
// pthread_create, a later clock of that slot that main never learned. The new thread's own clock
// must start above everything the slot's old thread reached: else its first write would count as
// ordered before the waiter's, which races with it.
// EXPECT: data-race
// THREADS: later waiter
#include "detached_thread.h"  // (first: it asks for the GNU extensions)

#include <sched.h>
#include <semaphore.h>

static sem_t posted, waiter_done;
static int handed_over, shared;
static atomic_int later_wrote;  // relaxed only: orders nothing
static atomic_int detached_id;

static void *waiter(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "waiter");
  while (!atomic_load_explicit(&later_wrote, memory_order_relaxed)) sched_yield();
  shared = 2;  // RACE
  sem_post(&waiter_done);
  return NULL;
}

static void *detached(void *arg) {
  (void)arg;
  publish_own_thread_id(&detached_id);
  pthread_setname_np(pthread_self(), "detached");
  handed_over = 1;
  sem_post(&posted);
  start_detached_thread(waiter);  // its last act: a release that records nothing
  return NULL;
}

static void *later(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "later");
  shared = 1;  // RACE
  atomic_store_explicit(&later_wrote, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  sem_init(&posted, 0, 0);
  sem_init(&waiter_done, 0, 0);
  start_detached_thread(detached);
  sem_wait(&posted);
  int seen = handed_over;  // ordered by the post
  wait_until_thread_gone(&detached_id);
  pthread_t thread;
  pthread_create(&thread, NULL, later, NULL);
  pthread_join(thread, NULL);
  sem_wait(&waiter_done);
  printf("%d %d\n", seen, shared);
  return 0;
}
