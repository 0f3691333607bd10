// interlock/annotations.h turned off (INTERLOCK_ANNOTATIONS=0, as in a build that is neither
// Interlock's nor TSan's): its macros expand to nothing, so the hand-off through a relaxed flag
// is no longer annotated and its payload races.
// EXPECT: data-race
// ARGS: -DINTERLOCK_ANNOTATIONS=0
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include "../../../include/interlock/annotations.h"

static int payload;
static int ready;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;  // RACE
  INTERLOCK_HAPPENS_BEFORE(&ready);
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  INTERLOCK_HAPPENS_AFTER(&ready);
  printf("%d\n", payload);  // RACE
  pthread_join(thread, NULL);
  return 0;
}
