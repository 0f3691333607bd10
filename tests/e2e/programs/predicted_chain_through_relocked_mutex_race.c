// As predicted_three_thread_chain_race.c, but the middle thread took m2 once before the chain
// began: its second unlock of m2 must still pass on what it learned meanwhile through m1 (that
// it knows T1's write only through m1's unlock-to-lock edge), although m2's forced order is the
// one its own first unlock left there. The writes of `state` by T1 and T3 are ordered in this
// run only through the empty critical sections T1 -> (m1) -> T2 -> (m2) -> T3.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the writes
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
int state;
int step;  // a schedule, not synchronization: relaxed

static void wait_for(int n) {
  while (__atomic_load_n(&step, __ATOMIC_RELAXED) < n) sched_yield();
}

static void *t1(void *unused) {
  (void)unused;
  wait_for(1);
  state = 1;  // RACE
  pthread_mutex_lock(&m1);
  pthread_mutex_unlock(&m1);
  __atomic_store_n(&step, 2, __ATOMIC_RELAXED);
  return NULL;
}

static void *t2(void *unused) {
  (void)unused;
  pthread_mutex_lock(&m2);
  pthread_mutex_unlock(&m2);
  __atomic_store_n(&step, 1, __ATOMIC_RELAXED);
  wait_for(2);
  pthread_mutex_lock(&m1);
  pthread_mutex_unlock(&m1);
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
  state = 3;  // RACE
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
  printf("%d\n", state);
  return 0;
}
