// As samples/lock_hidden_race_racy.c with a pthread spinlock: T1 writes `mode` and then passes
// through the spinlock's critical section, T2 passes through it and then writes `mode`. The
// sections are empty, so only this schedule orders the writes.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the writes
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_spinlock_t spin;
int mode;
int first_done;  // a schedule, not synchronization: relaxed

static void *first(void *unused) {
  (void)unused;
  mode = 1;  // RACE
  pthread_spin_lock(&spin);
  pthread_spin_unlock(&spin);
  __atomic_store_n(&first_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&first_done, __ATOMIC_RELAXED)) sched_yield();
  pthread_spin_lock(&spin);
  pthread_spin_unlock(&spin);
  mode = 2;  // RACE
  return NULL;
}

int main(void) {
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_spin_destroy(&spin);
  printf("%d\n", mode);
  return 0;
}
