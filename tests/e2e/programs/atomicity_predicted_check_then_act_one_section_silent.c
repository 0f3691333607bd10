// The fixed twin of atomicity_predicted_check_then_act.c: the check and the withdrawal are one
// critical section (withdraw_if_covered), so no withdrawal can come between them. Silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static atomic_int withdrawn;  // a schedule, not synchronization: relaxed

static void withdraw(int amount) {
  pthread_mutex_lock(&account_lock);
  balance -= amount;
  pthread_mutex_unlock(&account_lock);
}

static void *early_withdrawal(void *arg) {
  (void)arg;
  withdraw(30);
  atomic_store_explicit(&withdrawn, 1, memory_order_relaxed);
  return NULL;
}

// The check and the act in one critical section.
static void withdraw_if_covered(int amount) {
  pthread_mutex_lock(&account_lock);
  if (balance >= amount) balance -= amount;
  pthread_mutex_unlock(&account_lock);
}

static void *checked_withdrawal(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&withdrawn, memory_order_relaxed)) sched_yield();
  withdraw_if_covered(50);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t2, NULL, early_withdrawal, NULL);
  pthread_create(&t1, NULL, checked_withdrawal, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("balance %d\n", balance);
  return 0;
}
