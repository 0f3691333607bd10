// An inverted lock order that cannot deadlock, because a gate lock is always held around it.
//
// Two accounts are moved between in both directions: transfer(a, b) locks a then b, transfer(b, a)
// locks b then a. On its own that is the AB/BA bug of lock_order_ab_ba.c. But every transfer first
// takes `bank_lock`, the gate: only one thread at a time can be inside the pair of account locks,
// so no thread can hold one account lock while another holds the other. The inversion is
// harmless (if wasteful: the account locks add nothing here).
//
// Lock-order checkers that only look at pairs of locks report this; Interlock sees that one lock
// (the gate) was held every time either edge was made, and stays silent. The two transfers run
// truly concurrently.
// EXPECT: silent
// TSAN: differs TSan's lock-order graph ignores gate locks and reports the guarded inversion
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

static pthread_mutex_t bank_lock = PTHREAD_MUTEX_INITIALIZER;
static struct account checking = {PTHREAD_MUTEX_INITIALIZER, 1000};
static struct account savings = {PTHREAD_MUTEX_INITIALIZER, 1000};

static void transfer(struct account *from, struct account *to, long amount) {
  pthread_mutex_lock(&bank_lock);  // the gate: taken before either account lock
  pthread_mutex_lock(&from->lock);
  pthread_mutex_lock(&to->lock);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->lock);
  pthread_mutex_unlock(&from->lock);
  pthread_mutex_unlock(&bank_lock);
}

static void *save(void *unused) {
  (void)unused;
  for (int i = 0; i < 500; ++i) transfer(&checking, &savings, 2);
  return NULL;
}

static void *spend(void *unused) {
  (void)unused;
  for (int i = 0; i < 500; ++i) transfer(&savings, &checking, 1);
  return NULL;
}

int main(void) {
  pthread_t saver, spender;
  pthread_create(&saver, NULL, save, NULL);
  pthread_create(&spender, NULL, spend, NULL);
  pthread_join(saver, NULL);
  pthread_join(spender, NULL);
  printf("checking %ld, savings %ld (total %ld, expected 2000)\n", checking.balance,
         savings.balance, checking.balance + savings.balance);
  return checking.balance + savings.balance == 2000 ? 0 : 1;
}
