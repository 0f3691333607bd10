// A getter whose result is first thrown away (an audit that only touches the value: no write can
// depend on that read, so it needs no note) must still have its read kept when called for a
// read-modify-write. The thread learns whether reads need a note once per site and calling path:
// the audit's answer must not be taken for the same site reached from the updater, whose path
// leads to a dependent write. T1 audits, then reads the balance (the check); T2 deposits in
// between; T1 writes back its check plus one: T2's deposit is lost.
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance;
static sem_t checked, deposited;

__attribute__((noinline)) static long get_balance(void) {
  pthread_mutex_lock(&account_lock);
  long value = balance;  // LOST
  pthread_mutex_unlock(&account_lock);
  return value;
}

__attribute__((noinline)) static void set_balance(long value) {
  pthread_mutex_lock(&account_lock);
  balance = value;  // LOST
  pthread_mutex_unlock(&account_lock);
}

__attribute__((noinline)) static void audit(void) { get_balance(); }

static void *updater(void *arg) {
  (void)arg;
  audit();
  long seen = get_balance();
  sem_post(&checked);
  sem_wait(&deposited);
  set_balance(seen + 1);
  return NULL;
}

static void *depositor(void *arg) {
  (void)arg;
  sem_wait(&checked);
  pthread_mutex_lock(&account_lock);
  balance += 10;  // LOST
  pthread_mutex_unlock(&account_lock);
  sem_post(&deposited);
  return NULL;
}

int main(void) {
  sem_init(&checked, 0, 0);
  sem_init(&deposited, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, updater, NULL);
  pthread_create(&t2, NULL, depositor, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("balance %ld\n", balance);
  return 0;
}
