// A compare-exchange that fails still reads the location, and with an acquire failure order it
// synchronizes with the release it read. The main thread polls the flag with
// __atomic_compare_exchange_n(&ready, &(0), 0, ..., __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE): it succeeds
// (changing nothing) while the flag is 0 and fails once the writer's release store is there; the
// failing exchange orders the payload.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long payload;
int ready;

static void *writer(void *unused) {
  (void)unused;
  payload = 808;
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  for (;;) {
    int expected = 0;
    if (!__atomic_compare_exchange_n(&ready, &expected, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      break;
    sched_yield();
  }
  long seen = payload;
  pthread_join(thread, NULL);
  printf("%ld\n", seen);
  return seen == 808 ? 0 : 1;
}
