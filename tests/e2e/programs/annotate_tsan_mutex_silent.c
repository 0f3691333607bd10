// A spin lock of the program's own making, built on relaxed atomics (which order nothing) and
// annotated with TSan's __tsan_mutex_* API. One thread locks it blocking, the other with a
// try-lock loop whose failed attempts are annotated try_lock_failed: the counter is always
// accessed under the lock, so nothing is reported.
// EXPECT: silent
// PRINTS: counter 2000
// TSAN: same
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <sched.h>
#include <stdio.h>

typedef struct {
  int word;
} spin_lock;

static void spin_lock_acquire(spin_lock *lock) {
  __tsan_mutex_pre_lock(lock, 0);
  while (__atomic_exchange_n(&lock->word, 1, __ATOMIC_RELAXED)) sched_yield();
  __tsan_mutex_post_lock(lock, 0, 0);
}

static int spin_lock_try(spin_lock *lock) {
  __tsan_mutex_pre_lock(lock, __tsan_mutex_try_lock);
  int acquired = !__atomic_exchange_n(&lock->word, 1, __ATOMIC_RELAXED);
  __tsan_mutex_post_lock(
      lock, acquired ? __tsan_mutex_try_lock : __tsan_mutex_try_lock | __tsan_mutex_try_lock_failed,
      0);
  return acquired;
}

static void spin_lock_release(spin_lock *lock) {
  __tsan_mutex_pre_unlock(lock, 0);
  __atomic_store_n(&lock->word, 0, __ATOMIC_RELAXED);
  __tsan_mutex_post_unlock(lock, 0);
}

static spin_lock counter_lock;
static int counter;

static void *blocking_worker(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++) {
    spin_lock_acquire(&counter_lock);
    counter++;
    spin_lock_release(&counter_lock);
  }
  return NULL;
}

static void *trying_worker(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++) {
    while (!spin_lock_try(&counter_lock)) sched_yield();
    counter++;
    spin_lock_release(&counter_lock);
  }
  return NULL;
}

int main(void) {
  __tsan_mutex_create(&counter_lock, __tsan_mutex_not_static);
  pthread_t a, b;
  pthread_create(&a, NULL, blocking_worker, NULL);
  pthread_create(&b, NULL, trying_worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  __tsan_mutex_destroy(&counter_lock, __tsan_mutex_not_static);
  printf("counter %d\n", counter);
  return 0;
}
