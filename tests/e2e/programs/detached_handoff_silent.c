// A detached worker (never joined) computes a result and sets 'done' under a mutex; main polls
// 'done' under the same mutex and reads the result after seeing it set.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
long result;
int done;

static void *compute(void *unused) {
  (void)unused;
  long sum = 0;
  for (int i = 1; i <= 1000; ++i) sum += i;
  result = sum;
  pthread_mutex_lock(&state_lock);
  done = 1;
  pthread_mutex_unlock(&state_lock);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, compute, NULL);
  pthread_detach(worker);
  for (;;) {
    pthread_mutex_lock(&state_lock);
    int finished = done;
    pthread_mutex_unlock(&state_lock);
    if (finished) break;
    sched_yield();
  }
  printf("%ld\n", result);
  return result == 500500 ? 0 : 1;
}
