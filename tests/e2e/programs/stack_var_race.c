// main passes the address of its local to a worker; the worker writes it and main reads it
// before joining.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int written;

static void *produce(void *arg) {
  int *result = arg;
  *result = 1234;  // RACE
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  int result = 0;
  pthread_t worker;
  pthread_create(&worker, NULL, produce, &result);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  printf("%d\n", result);  // RACE
  pthread_join(worker, NULL);
  return 0;
}
