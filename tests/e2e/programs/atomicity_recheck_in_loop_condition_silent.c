// The shape of libuv's thread-pool worker: at its limit of running slow jobs, the worker puts the
// job back, releases the lock and, after taking it again, tests the limit once more in its loop
// before raising the count. The other thread ended its job (running--) while the lock was free.
// The raise depends on the first test (made in the earlier critical section), but the same
// function tested the count again in the raise's own section, at its loop's other line (and at
// the first test's line, a read the access fast path does not pass on): the raise follows the
// new test, so nothing is lost. Silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int running = 1;  // the other thread's job runs
static const int limit = 1;
static atomic_int worker_deferred, other_done;  // a schedule, not synchronization: relaxed

static void *worker(void *unused) {
  (void)unused;
  int deferred = 0;
  pthread_mutex_lock(&pool_lock);
  for (;;) {
    if (deferred && running >= limit) {  // the loop's test, after taking the lock again
      pthread_mutex_unlock(&pool_lock);
      sched_yield();
      pthread_mutex_lock(&pool_lock);
      continue;
    }
    if (running >= limit) {  // at the limit: try again once the other job ends
      deferred = 1;
      pthread_mutex_unlock(&pool_lock);
      atomic_store_explicit(&worker_deferred, 1, memory_order_relaxed);
      while (!atomic_load_explicit(&other_done, memory_order_relaxed)) sched_yield();
      pthread_mutex_lock(&pool_lock);
      continue;
    }
    running++;
    break;
  }
  pthread_mutex_unlock(&pool_lock);
  return NULL;
}

static void *other_job(void *unused) {
  (void)unused;
  while (!atomic_load_explicit(&worker_deferred, memory_order_relaxed)) sched_yield();
  pthread_mutex_lock(&pool_lock);
  running--;
  pthread_mutex_unlock(&pool_lock);
  atomic_store_explicit(&other_done, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, other_job, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("running %d\n", running);
  return 0;
}
