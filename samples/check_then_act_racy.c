// Check-then-act across two critical sections: transfer() checks the balance under the
// account's lock, releases it, and withdraws under the lock again. T2 withdraws in between, so
// T1 acts on a stale check and the account goes negative. Each access holds the lock: no data
// race; the withdrawal's execution depends on the check (control dependence).
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

struct account {
  pthread_mutex_t lock;
  int balance;
};

static struct account acct = {PTHREAD_MUTEX_INITIALIZER, 700};
static int t1_checked, t2_done;  // a schedule, not synchronization: relaxed

static int balance(struct account *a) {
  pthread_mutex_lock(&a->lock);
  int b = a->balance;  // LOST
  pthread_mutex_unlock(&a->lock);
  return b;
}

static void withdraw(struct account *a, int amount) {
  pthread_mutex_lock(&a->lock);
  a->balance -= amount;  // LOST x2
  pthread_mutex_unlock(&a->lock);
}

static void *careful_spender(void *unused) {
  (void)unused;
  if (balance(&acct) >= 500) {
    __atomic_store_n(&t1_checked, 1, __ATOMIC_RELAXED);
    while (!__atomic_load_n(&t2_done, __ATOMIC_RELAXED)) sched_yield();
    withdraw(&acct, 500);
  }
  return NULL;
}

static void *other_spender(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&t1_checked, __ATOMIC_RELAXED)) sched_yield();
  withdraw(&acct, 500);
  __atomic_store_n(&t2_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, careful_spender, NULL);
  pthread_create(&b, NULL, other_spender, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d\n", acct.balance);
  return 0;
}
