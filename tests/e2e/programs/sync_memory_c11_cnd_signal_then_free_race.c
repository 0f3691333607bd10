// C11 <threads.h> objects have memory of their own too: the notifier signals a cnd_t after it
// unlocked the mtx_t, and the waiter, which saw the flag, then destroys and frees the block
// holding both. The signal's read of the condition variable is ordered by nothing before the
// destroy's write (the waiter waits for a relaxed flag, which orders nothing, so that the
// signal comes first in real time), nor before
// the free's: two findings, as the free is a write of its own.
// EXPECT: data-race :first
// EXPECT: data-race :second
// TSAN: differs clang-14's TSan does not intercept glibc's thrd_create/mtx_lock and crashes
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>

struct completion {
  mtx_t lock;
  cnd_t done_changed;
  int done;
};

static int signalled;

static int notifier(void *raw) {
  struct completion *completion = raw;
  mtx_lock(&completion->lock);
  completion->done = 1;
  mtx_unlock(&completion->lock);
  cnd_signal(&completion->done_changed);  // RACE:first RACE:second
  __atomic_store_n(&signalled, 1, __ATOMIC_RELAXED);
  return 0;
}

int main(void) {
  struct completion *completion = calloc(1, sizeof *completion);
  mtx_init(&completion->lock, mtx_plain);
  cnd_init(&completion->done_changed);
  thrd_t thread;
  thrd_create(&thread, notifier, completion);
  mtx_lock(&completion->lock);
  while (!completion->done) cnd_wait(&completion->done_changed, &completion->lock);
  mtx_unlock(&completion->lock);
  struct timespec pause = {0, 1000 * 1000};
  while (!__atomic_load_n(&signalled, __ATOMIC_RELAXED)) thrd_sleep(&pause, NULL);
  cnd_destroy(&completion->done_changed);  // RACE:first
  mtx_destroy(&completion->lock);
  free(completion);  // RACE:second
  thrd_join(thread, NULL);
  puts("done");
  return 0;
}
