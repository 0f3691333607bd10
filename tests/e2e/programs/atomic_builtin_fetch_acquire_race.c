// The writer publishes with __atomic_fetch_add(..., __ATOMIC_ACQUIRE): an acquire RMW takes what
// others released but releases nothing of its own, so the reader's acquire load of the counter
// does not order the payload. The payload accesses race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long payload;
unsigned published;

static void *writer(void *unused) {
  (void)unused;
  payload = 77;  // RACE
  __atomic_fetch_add(&published, 1u, __ATOMIC_ACQUIRE);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (__atomic_load_n(&published, __ATOMIC_ACQUIRE) == 0) sched_yield();
  long seen = payload;  // RACE
  pthread_join(thread, NULL);
  printf("%ld\n", seen);
  return 0;
}
