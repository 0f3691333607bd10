// Legacy-style message passing with __sync_synchronize (a full fence) on both sides of a
// relaxed flag: the writer fences between the payload and the flag store, the reader fences
// between the flag load and the payload read. Full fences are release and acquire fences, so
// the handoff synchronizes.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model fences, so it reports the payload accesses as a race
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long payload[2];
int ready;

static void *writer(void *unused) {
  (void)unused;
  payload[0] = 12;
  payload[1] = 34;
  __sync_synchronize();
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  __sync_synchronize();
  long sum = payload[0] + payload[1];
  pthread_join(thread, NULL);
  printf("%ld\n", sum);
  return sum == 46 ? 0 : 1;
}
