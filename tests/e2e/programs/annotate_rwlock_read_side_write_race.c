// The annotated reader-writer lock of annotate_rwlock_silent.c, with a thread that writes while
// holding only the read side. Read holders are not ordered with each other (a read unlock
// publishes to the next writer only), so its write races with the other reader's read.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

void AnnotateRWLockCreate(const char *file, int line, const volatile void *lock);
void AnnotateRWLockDestroy(const char *file, int line, const volatile void *lock);
void AnnotateRWLockAcquired(const char *file, int line, const volatile void *lock, long is_w);
void AnnotateRWLockReleased(const char *file, int line, const volatile void *lock, long is_w);

// state: -1 write-locked, 0 free, n > 0 read-locked n times.
typedef struct {
  int state;
} rw_spin_lock;

static void lock_shared(rw_spin_lock *lock) {
  for (;;) {
    int seen = __atomic_load_n(&lock->state, __ATOMIC_RELAXED);
    if (seen >= 0 && __atomic_compare_exchange_n(&lock->state, &seen, seen + 1, 0,
                                                 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
      break;
    sched_yield();
  }
  AnnotateRWLockAcquired(__FILE__, __LINE__, lock, 0);
}

static void unlock_shared(rw_spin_lock *lock) {
  AnnotateRWLockReleased(__FILE__, __LINE__, lock, 0);
  __atomic_fetch_sub(&lock->state, 1, __ATOMIC_RELAXED);
}

static void lock_exclusive(rw_spin_lock *lock) {
  int free_state = 0;
  while (!__atomic_compare_exchange_n(&lock->state, &free_state, -1, 0, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED)) {
    free_state = 0;
    sched_yield();
  }
  AnnotateRWLockAcquired(__FILE__, __LINE__, lock, 1);
}

static void unlock_exclusive(rw_spin_lock *lock) {
  AnnotateRWLockReleased(__FILE__, __LINE__, lock, 1);
  __atomic_store_n(&lock->state, 0, __ATOMIC_RELAXED);
}

static rw_spin_lock cache_lock;
static int cache_entry;

static void *refresh(void *unused) {
  (void)unused;
  lock_shared(&cache_lock);
  cache_entry = 5;  // RACE: under the read side only
  unlock_shared(&cache_lock);
  return NULL;
}

static void *lookup(void *unused) {
  (void)unused;
  lock_shared(&cache_lock);
  int seen = cache_entry;  // RACE
  unlock_shared(&cache_lock);
  printf("%d\n", seen);
  return NULL;
}

int main(void) {
  AnnotateRWLockCreate(__FILE__, __LINE__, &cache_lock);
  pthread_t a, b;
  pthread_create(&a, NULL, refresh, NULL);
  pthread_create(&b, NULL, lookup, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  AnnotateRWLockDestroy(__FILE__, __LINE__, &cache_lock);
  return 0;
}
