// interlock/annotations.h enabled by the wrappers' __INTERLOCK__ (TSan enables it by itself): the
// hand-off through a relaxed flag is annotated
// INTERLOCK_HAPPENS_BEFORE/AFTER, so the payload is handed over without a race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include "../../../include/interlock/annotations.h"

static int payload;
static int ready;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;
  INTERLOCK_HAPPENS_BEFORE(&ready);
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  INTERLOCK_HAPPENS_AFTER(&ready);
  printf("%d\n", payload);
  pthread_join(thread, NULL);
  return 0;
}
