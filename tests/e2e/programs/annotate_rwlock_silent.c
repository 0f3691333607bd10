// A reader-writer lock of the program's own making (relaxed atomics, which order nothing),
// annotated with AnnotateRWLockCreate/Acquired/Released/Destroy: the writer updates the
// configuration under the write side, readers read it under the read side. Nothing is reported.
// EXPECT: silent
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

static rw_spin_lock config_lock;
static int config_version;

static void *writer(void *unused) {
  (void)unused;
  for (int i = 0; i < 200; i++) {
    lock_exclusive(&config_lock);
    config_version++;
    unlock_exclusive(&config_lock);
  }
  return NULL;
}

static void *reader(void *unused) {
  (void)unused;
  int last = 0;
  for (int i = 0; i < 200; i++) {
    lock_shared(&config_lock);
    last = config_version;
    unlock_shared(&config_lock);
  }
  return (void *)(long)last;
}

int main(void) {
  AnnotateRWLockCreate(__FILE__, __LINE__, &config_lock);
  pthread_t w, r1, r2;
  pthread_create(&w, NULL, writer, NULL);
  pthread_create(&r1, NULL, reader, NULL);
  pthread_create(&r2, NULL, reader, NULL);
  pthread_join(w, NULL);
  pthread_join(r1, NULL);
  pthread_join(r2, NULL);
  AnnotateRWLockDestroy(__FILE__, __LINE__, &config_lock);
  printf("version %d\n", config_version);
  return 0;
}
