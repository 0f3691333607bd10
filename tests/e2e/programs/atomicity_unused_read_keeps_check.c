// A read that nothing depends on must not push the check a later write depends on out of the
// thread's recent reads. T1 reads balance[0] (the check), then in the same critical section
// probes balance[16], 128 bytes further, only to count it locally: nothing is computed from the
// probe. T2 deposits into balance[0] in between, and T1 writes back its check plus one in its
// next section: T2's deposit is lost. (The two addresses share one of the thread's recent-read
// slots: noting the probe there would forget the check, and the lost update with it.)
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance[32];
static sem_t checked, deposited;

static void *updater(void *arg) {
  (void)arg;
  pthread_mutex_lock(&accounts_lock);
  long seen = balance[0];  // LOST
  volatile int probes_empty = balance[16] == 0;  // a probe nothing depends on
  pthread_mutex_unlock(&accounts_lock);
  (void)probes_empty;
  sem_post(&checked);
  sem_wait(&deposited);
  pthread_mutex_lock(&accounts_lock);
  balance[0] = seen + 1;  // LOST
  pthread_mutex_unlock(&accounts_lock);
  return NULL;
}

static void *depositor(void *arg) {
  (void)arg;
  sem_wait(&checked);
  pthread_mutex_lock(&accounts_lock);
  balance[0] += 10;  // LOST
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
  printf("balance %ld\n", balance[0]);
  return 0;
}
