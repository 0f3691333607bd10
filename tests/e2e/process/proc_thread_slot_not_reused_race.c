// A detached thread writes and finishes; main, which never synchronized with it, then starts a
// thread that writes the same variable. The finished thread's clock slot must not go to the new
// thread (its creator is not ordered after the finish): two records of one slot count as
// ordered, and the race would be lost.
// EXPECT: data-race
// THREADS: detached later
#include "detached_thread.h"

static int shared;
static atomic_int detached_id;

static void *detached(void *arg) {
  (void)arg;
  publish_own_thread_id(&detached_id);
  pthread_setname_np(pthread_self(), "detached");
  shared = 1;  // RACE
  return NULL;
}

static void *later(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "later");
  shared = 2;  // RACE
  return NULL;
}

int main(void) {
  start_detached_thread(detached);
  wait_until_thread_gone(&detached_id);
  pthread_t thread;
  pthread_create(&thread, NULL, later, NULL);
  pthread_join(thread, NULL);
  printf("%d\n", shared);
  return 0;
}
