// The __sync_synchronize handoff of sync_builtin_synchronize_silent.c with the reader's fence
// left out: the writer's fence has nothing on the other side to synchronize with, so the
// payload accesses race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long payload[2];
int ready;

static void *writer(void *unused) {
  (void)unused;
  payload[0] = 12;  // RACE
  payload[1] = 34;
  __sync_synchronize();
  __atomic_store_n(&ready, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (!__atomic_load_n(&ready, __ATOMIC_RELAXED)) sched_yield();
  long first = payload[0];  // RACE
  pthread_join(thread, NULL);
  printf("%ld\n", first);
  return 0;
}
