// A long global written by a worker and read by main, with only a relaxed flag between them.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long total_bytes;
int written;

static void *writer(void *unused) {
  (void)unused;
  total_bytes = 1L << 40;  // RACE
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, writer, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  long seen = total_bytes;  // RACE
  pthread_join(worker, NULL);
  printf("%ld\n", seen);
  return 0;
}
