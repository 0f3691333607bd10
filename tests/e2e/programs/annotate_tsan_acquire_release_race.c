// The same hand-off with the release annotated too early: the payload is written after
// __tsan_release, so the consumer's __tsan_acquire does not cover it and the accesses race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <sched.h>
#include <stdio.h>

static int payload;
static int ready;

static void *producer(void *unused) {
  (void)unused;
  __tsan_release(&ready);
  payload = 42;  // RACE: after the release
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  __tsan_acquire(&ready);
  printf("%d\n", payload);  // RACE
  pthread_join(thread, NULL);
  return 0;
}
