// A char global written by a worker and read by main. The relaxed flag makes main read after
// the write in time, but a relaxed atomic orders nothing: the accesses still race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char status_code;
int written;

static void *writer(void *unused) {
  (void)unused;
  status_code = 'k';  // RACE
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, writer, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  printf("%c\n", status_code);  // RACE
  pthread_join(worker, NULL);
  return 0;
}
