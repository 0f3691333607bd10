// T2 learns of T1's write of `mode` first only through m1's unlock-to-lock edge, and passes that
// on through m2; then T1's release store, which T2 acquires, orders the write forcedly. T2's next
// unlock of m2 must pass that on too, although m2's forced order is the one T2's own previous
// unlock left there: T3, which takes m2 after it and then writes `mode`, is ordered after T1's
// write in every schedule (release, acquire, then T2's own program order and m2). No race, none
// predicted.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
int mode;
int done;
int step;  // a schedule, not synchronization: relaxed

static void wait_for(int n) {
  while (__atomic_load_n(&step, __ATOMIC_RELAXED) < n) sched_yield();
}

static void *t1(void *unused) {
  (void)unused;
  mode = 1;
  pthread_mutex_lock(&m1);
  pthread_mutex_unlock(&m1);
  __atomic_store_n(&step, 1, __ATOMIC_RELAXED);
  wait_for(2);
  __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *t2(void *unused) {
  (void)unused;
  wait_for(1);
  pthread_mutex_lock(&m1);
  pthread_mutex_unlock(&m1);
  pthread_mutex_lock(&m2);
  pthread_mutex_unlock(&m2);
  __atomic_store_n(&step, 2, __ATOMIC_RELAXED);
  while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) sched_yield();
  pthread_mutex_lock(&m2);
  pthread_mutex_unlock(&m2);
  __atomic_store_n(&step, 3, __ATOMIC_RELAXED);
  return NULL;
}

static void *t3(void *unused) {
  (void)unused;
  wait_for(3);
  pthread_mutex_lock(&m2);
  pthread_mutex_unlock(&m2);
  mode = 3;
  return NULL;
}

int main(void) {
  pthread_t a, b, c;
  pthread_create(&a, NULL, t1, NULL);
  pthread_create(&b, NULL, t2, NULL);
  pthread_create(&c, NULL, t3, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_join(c, NULL);
  printf("%d\n", mode);
  return 0;
}
