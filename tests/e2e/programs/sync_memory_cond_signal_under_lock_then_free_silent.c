// The same completion done right: the notifier signals while it still holds the mutex, so the
// signal's read of the condition variable is published by the unlock the waiter acquires, and
// the waiter may destroy and free the block at once. Also a broadcast to several waiters and a
// condition variable initialized statically.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { kWaiters = 4 };

struct completion {
  pthread_mutex_t lock;
  pthread_cond_t done_changed;
  int done;
};

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_opened = PTHREAD_COND_INITIALIZER;
static int gate_open;

static void *notifier(void *raw) {
  struct completion *completion = raw;
  pthread_mutex_lock(&completion->lock);
  completion->done = 1;
  pthread_cond_signal(&completion->done_changed);
  pthread_mutex_unlock(&completion->lock);
  return NULL;
}

static void *gate_waiter(void *unused) {
  (void)unused;
  pthread_mutex_lock(&gate_lock);
  while (!gate_open) pthread_cond_wait(&gate_opened, &gate_lock);
  pthread_mutex_unlock(&gate_lock);
  return NULL;
}

int main(void) {
  pthread_t waiters[kWaiters];
  for (int i = 0; i < kWaiters; i++) pthread_create(&waiters[i], NULL, gate_waiter, NULL);
  for (int round = 0; round < 50; round++) {
    struct completion *completion = calloc(1, sizeof *completion);
    pthread_mutex_init(&completion->lock, NULL);
    pthread_cond_init(&completion->done_changed, NULL);
    pthread_t thread;
    pthread_create(&thread, NULL, notifier, completion);
    pthread_mutex_lock(&completion->lock);
    while (!completion->done) pthread_cond_wait(&completion->done_changed, &completion->lock);
    pthread_mutex_unlock(&completion->lock);
    pthread_cond_destroy(&completion->done_changed);
    pthread_mutex_destroy(&completion->lock);
    free(completion);
    pthread_detach(thread);
  }
  pthread_mutex_lock(&gate_lock);
  gate_open = 1;
  pthread_cond_broadcast(&gate_opened);
  pthread_mutex_unlock(&gate_lock);
  for (int i = 0; i < kWaiters; i++) pthread_join(waiters[i], NULL);
  puts("done");
  return 0;
}
