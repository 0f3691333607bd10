// T1 reads `limit` under `limit_lock`; T2 writes it without any lock. In this run T2 runs after
// T1 has released `limit_lock` and itself takes and releases it first (an empty section), which
// orders the accesses; the read and the write are not protected, and in another schedule they
// race.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the accesses
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t limit_lock = PTHREAD_MUTEX_INITIALIZER;
int limit = 10;
int seen;
int first_done;  // a schedule, not synchronization: relaxed

static void *reader(void *unused) {
  (void)unused;
  pthread_mutex_lock(&limit_lock);
  seen = limit;  // RACE
  pthread_mutex_unlock(&limit_lock);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *writer(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_mutex_lock(&limit_lock);
  pthread_mutex_unlock(&limit_lock);
  limit = 20;  // RACE
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, reader, NULL);
  pthread_create(&t2, NULL, writer, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("%d %d\n", seen, limit);
  return 0;
}
