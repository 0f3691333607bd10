// A sync object lives and dies with its memory. The writer unlocks a mutex in block A, frees A
// and gets the same address back as block B, where it initializes a fresh mutex and hands B to
// main through a relaxed pointer (no ordering). Main locks B's mutex, which nobody has unlocked
// since it was made, so its write of `data` is not ordered after the writer's: they race.
// (Kept past the free, A's mutex clock would order them and hide the race.) Main's lock call also
// reads B's mutex, which the writer initialized with nothing ordering the init before the lock:
// a second race, on the mutex's own memory.
// EXPECT: data-race :first
// EXPECT: data-race :second
// TSAN: differs clang-14's TSan reports main's lock of the new mutex as racing with the malloc of its block (line 32), as if the allocation wrote it; Interlock, for which an allocation writes nothing, reports it with the pthread_mutex_init of the mutex (line 34)
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct guarded {
  pthread_mutex_t lock;
  char padding[64];
};

static int data;
static struct guarded *handed_over;

static void *writer(void *unused) {
  (void)unused;
  struct guarded *a = malloc(sizeof *a);
  pthread_mutex_init(&a->lock, NULL);
  pthread_mutex_lock(&a->lock);
  data = 1;  // RACE:first
  pthread_mutex_unlock(&a->lock);
  free(a);
  struct guarded *b = malloc(sizeof *b);
  if (b != a) abort();  // the test needs the address reused (glibc's per-thread cache does)
  pthread_mutex_init(&b->lock, NULL);  // RACE:second
  __atomic_store_n(&handed_over, b, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  struct guarded *b;
  while ((b = __atomic_load_n(&handed_over, __ATOMIC_RELAXED)) == NULL) sched_yield();
  pthread_mutex_lock(&b->lock);  // RACE:second
  data = 2;  // RACE:first
  pthread_mutex_unlock(&b->lock);
  pthread_join(thread, NULL);
  printf("data %d\n", data);
  free(b);
  return 0;
}
