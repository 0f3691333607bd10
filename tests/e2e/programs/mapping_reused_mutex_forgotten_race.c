// A sync object lives and dies with its mapping. The worker unlocks a mutex in a mapped page,
// unmaps the page, maps a new one at the same address, initializes a fresh mutex there and hands
// it to main through a relaxed flag (no ordering). Main locks the new mutex, which nobody has
// unlocked since it was made, so its write of `data` is not ordered after the worker's: they race.
// (Kept past the munmap, the old mutex's clock would order them and hide the race.) Main's lock
// call also reads the new mutex, which the worker initialized with nothing ordering the init
// before the lock: a second race, on the mutex's own memory.
// EXPECT: data-race :first
// EXPECT: data-race :second
// TSAN: differs clang-14's TSan reports main's lock of the new mutex as racing with the mmap that made its page (line 32), as if the mapping wrote it; Interlock, for which a mapping writes nothing, reports it with the pthread_mutex_init of the mutex (line 35)
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { kPage = 4096 };

static int data;
static pthread_mutex_t *handed_over;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_t *a = mmap(NULL, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED) abort();
  pthread_mutex_init(a, NULL);
  pthread_mutex_lock(a);
  data = 1;  // RACE:first
  pthread_mutex_unlock(a);
  munmap(a, kPage);
  pthread_mutex_t *b = mmap(a, kPage, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (b != a) abort();  // the test needs the address reused
  pthread_mutex_init(b, NULL);  // RACE:second
  __atomic_store_n(&handed_over, b, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  pthread_mutex_t *b;
  while ((b = __atomic_load_n(&handed_over, __ATOMIC_RELAXED)) == NULL) sched_yield();
  pthread_mutex_lock(b);  // RACE:second
  data = 2;  // RACE:first
  pthread_mutex_unlock(b);
  pthread_join(thread, NULL);
  printf("data %d\n", data);
  munmap(b, kPage);
  return 0;
}
