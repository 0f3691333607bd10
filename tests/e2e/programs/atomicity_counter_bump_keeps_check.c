// A counter bumped in the check's critical section (`++n`: a read its own block overwrites at
// once) must not push the check out of the thread's recent reads. T1 reads balance[0] (the check)
// and counts the visit in visits[0], 128 bytes further, in the same section; T2 deposits into
// balance[0] in between; T1 writes back its check plus one in its next section: T2's deposit is
// lost. (balance[0] and visits[0] share one of the thread's recent-read slots: noting the bump's
// read there would forget the check, and the lost update with it.)
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  long balance[16];
  long visits[16];
} accounts;
static sem_t checked, deposited;

static void *updater(void *arg) {
  (void)arg;
  pthread_mutex_lock(&accounts_lock);
  long seen = accounts.balance[0];  // LOST
  accounts.visits[0]++;
  pthread_mutex_unlock(&accounts_lock);
  sem_post(&checked);
  sem_wait(&deposited);
  pthread_mutex_lock(&accounts_lock);
  accounts.balance[0] = seen + 1;  // LOST
  pthread_mutex_unlock(&accounts_lock);
  return NULL;
}

static void *depositor(void *arg) {
  (void)arg;
  sem_wait(&checked);
  pthread_mutex_lock(&accounts_lock);
  accounts.balance[0] += 10;  // LOST
  pthread_mutex_unlock(&accounts_lock);
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
  printf("balance %ld, visits %ld\n", accounts.balance[0], accounts.visits[0]);
  return 0;
}
