// The usual hand-over: T1 fills `payload`, then sets `ready` under `lock`; T2 polls `ready` under
// the same lock and reads `payload` once it is set. The critical sections conflict on `ready`, so
// every schedule that lets T2 see it set runs T1's section first: the write of `payload` is
// ordered before the read in every such schedule, and no race is predicted.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int ready;
static int payload;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;
  pthread_mutex_lock(&lock);
  ready = 1;
  pthread_mutex_unlock(&lock);
  return NULL;
}

static int is_ready(void) {
  pthread_mutex_lock(&lock);
  int seen = ready;
  pthread_mutex_unlock(&lock);
  return seen;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!is_ready()) sched_yield();
  printf("payload %d\n", payload);
  pthread_join(thread, NULL);
  return 0;
}
