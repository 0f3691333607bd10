// A hand-off through a relaxed flag, which orders nothing by itself, made correct for the race
// detector by __tsan_release/__tsan_acquire on the flag's address: silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <sched.h>
#include <stdio.h>

static int payload;
static int ready;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;
  __tsan_release(&ready);
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  __tsan_acquire(&ready);
  printf("%d\n", payload);
  pthread_join(thread, NULL);
  return 0;
}
