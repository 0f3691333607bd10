// T1 writes `mode`, passes through an empty critical section on `m` and then publishes `done`
// with a release store; T2 waits for `done` with acquire loads, passes through `m` and writes
// `mode`. The empty sections order nothing that matters, but the release/acquire pair orders the
// writes in every schedule: no race, none predicted.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int mode;
int done;

static void *first(void *unused) {
  (void)unused;
  mode = 1;
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) sched_yield();
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  mode = 2;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", mode);
  return 0;
}
