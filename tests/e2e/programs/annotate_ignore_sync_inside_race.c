// The twin of annotate_ignore_sync_inside_silent.c without the mutex: the producer raises the
// flag inside its ignored region with a relaxed store, which orders nothing, so the consumer's
// read of `payload` after seeing the flag races with the producer's write before the region.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);

static int ready;
static int payload;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;  // RACE
  __tsan_ignore_thread_begin();
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  __tsan_ignore_thread_end();
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  printf("payload %d\n", payload);  // RACE
  pthread_join(thread, NULL);
  return 0;
}
