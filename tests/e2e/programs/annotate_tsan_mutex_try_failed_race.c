// A failed try-lock acquires nothing. The owner writes the counter in a critical section and
// takes the lock again; the intruder's try-lock then fails (annotated try_lock_failed) and it
// writes the counter anyway. Had the failed try acquired the lock's history, the first
// critical section would be ordered before the intruder's write; it is not, so they race.
// EXPECT: data-race
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
static int stage;  // a relaxed hand-shake: it orders nothing

static void *owner(void *unused) {
  (void)unused;
  spin_lock_acquire(&counter_lock);
  counter = 1;  // RACE
  spin_lock_release(&counter_lock);
  spin_lock_acquire(&counter_lock);
  __atomic_store_n(&stage, 1, __ATOMIC_RELAXED);
  while (__atomic_load_n(&stage, __ATOMIC_RELAXED) != 2) sched_yield();
  spin_lock_release(&counter_lock);
  return NULL;
}

static void *intruder(void *unused) {
  (void)unused;
  while (__atomic_load_n(&stage, __ATOMIC_RELAXED) != 1) sched_yield();
  if (!spin_lock_try(&counter_lock)) counter = 2;  // RACE: went on without the lock
  __atomic_store_n(&stage, 2, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  __tsan_mutex_create(&counter_lock, 0);
  pthread_t a, b;
  pthread_create(&a, NULL, owner, NULL);
  pthread_create(&b, NULL, intruder, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter %d\n", counter);
  return 0;
}
