// A condition variable's own memory: the notifier sets the flag under the mutex, unlocks, and
// only then signals; the waiter sees the flag and frees the block holding the condition
// variable. The signal comes after the unlock the waiter acquired, so nothing orders it before
// the free: the free's write races with the signal's read (the waiter waits for a relaxed flag,
// which orders nothing, so that the signal comes first in real time).
// EXPECT: data-race
// TSAN: same
// ALSO AT: -O0 -O2
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct completion {
  pthread_mutex_t lock;
  pthread_cond_t done_changed;
  int done;
};

static int signalled;

static void *notifier(void *raw) {
  struct completion *completion = raw;
  pthread_mutex_lock(&completion->lock);
  completion->done = 1;
  pthread_mutex_unlock(&completion->lock);
  pthread_cond_signal(&completion->done_changed);  // RACE
  __atomic_store_n(&signalled, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  struct completion *completion = calloc(1, sizeof *completion);
  pthread_mutex_init(&completion->lock, NULL);
  pthread_cond_init(&completion->done_changed, NULL);
  pthread_t thread;
  pthread_create(&thread, NULL, notifier, completion);
  pthread_mutex_lock(&completion->lock);
  while (!completion->done) pthread_cond_wait(&completion->done_changed, &completion->lock);
  pthread_mutex_unlock(&completion->lock);
  while (!__atomic_load_n(&signalled, __ATOMIC_RELAXED)) usleep(1000);
  free(completion);  // RACE
  pthread_join(thread, NULL);
  puts("done");
  return 0;
}
