// The fixed twin of check_then_act_racy.c: the check and the withdrawal are one
// critical section (withdraw_if_covered), so no other withdrawal can come between them.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

struct account {
  pthread_mutex_t lock;
  int balance;
};

static struct account acct = {PTHREAD_MUTEX_INITIALIZER, 700};
static int t1_done;  // a schedule, not synchronization: relaxed

static int withdraw_if_covered(struct account *a, int amount) {
  pthread_mutex_lock(&a->lock);
  int ok = a->balance >= amount;
  if (ok) a->balance -= amount;
  pthread_mutex_unlock(&a->lock);
  return ok;
}

static void *spender(void *unused) {
  (void)unused;
  withdraw_if_covered(&acct, 500);
  __atomic_store_n(&t1_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void *other_spender(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&t1_done, __ATOMIC_RELAXED)) sched_yield();
  withdraw_if_covered(&acct, 500);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, spender, NULL);
  pthread_create(&b, NULL, other_spender, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d\n", acct.balance);
  return 0;
}
