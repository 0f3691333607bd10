// -O0 build: a worker writes a global, main reads it, with only a relaxed flag between them.
// EXPECT: data-race
// TSAN: same
// ARGS: -O0
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int temperature;
int written;

static void *sensor(void *unused) {
  (void)unused;
  temperature = 21;  // RACE
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, sensor, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  int seen = temperature;  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", seen);
  return 0;
}
