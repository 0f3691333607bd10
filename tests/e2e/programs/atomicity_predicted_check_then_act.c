// A predicted check-then-act: T2 withdraws 30 first; then T1 checks that the balance covers 50 in
// one critical section and withdraws in the next. Here the check held when T1 acted; but only the
// mutex's order put T2's withdrawal before T1's check (the flag that schedules them is relaxed).
// Run between T1's check and its act, T2's withdrawal would leave T1 acting on a stale check.
// EXPECT: predicted-atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static atomic_int withdrawn;  // a schedule, not synchronization: relaxed

static int current_balance(void) {
  pthread_mutex_lock(&account_lock);
  int value = balance;  // LOST
  pthread_mutex_unlock(&account_lock);
  return value;
}

static void withdraw(int amount) {
  pthread_mutex_lock(&account_lock);
  balance -= amount;  // LOST x2
  pthread_mutex_unlock(&account_lock);
}

static void *early_withdrawal(void *arg) {
  (void)arg;
  withdraw(30);
  atomic_store_explicit(&withdrawn, 1, memory_order_relaxed);
  return NULL;
}

static void *checked_withdrawal(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&withdrawn, memory_order_relaxed)) sched_yield();
  if (current_balance() >= 50) withdraw(50);
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
