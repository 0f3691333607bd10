// A counter bumped before the check in the same critical section (`++n`, a read its own block
// overwrites: it needs no note) must not make the check's read, in the same function, look like
// one too. The thread learns whether reads need a note once per site and calling path: the
// bump's answer must not be taken for the check, whose path is the same and whose site is not.
// T1 counts its visit and reads balance (the check); T2 deposits in between; T1 writes back its
// check plus one in its next section: T2's deposit is lost.
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  long visits;
  char apart[56];  // the check's granule and recent-read slot are its own
  long balance;
} account;
static sem_t checked, deposited;

static void *updater(void *arg) {
  (void)arg;
  pthread_mutex_lock(&account_lock);
  account.visits++;
  long seen = account.balance;  // LOST
  pthread_mutex_unlock(&account_lock);
  sem_post(&checked);
  sem_wait(&deposited);
  pthread_mutex_lock(&account_lock);
  account.balance = seen + 1;  // LOST
  pthread_mutex_unlock(&account_lock);
  return NULL;
}

static void *depositor(void *arg) {
  (void)arg;
  sem_wait(&checked);
  pthread_mutex_lock(&account_lock);
  account.balance += 10;  // LOST
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
  printf("balance %ld, visits %ld\n", account.balance, account.visits);
  return 0;
}
