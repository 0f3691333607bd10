// One thread updates the balance under the mutex, the other forgets to take it: the lock on one
// side only orders nothing.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_lock = PTHREAD_MUTEX_INITIALIZER;
int balance;

static void *careful_deposit(void *unused) {
  (void)unused;
  pthread_mutex_lock(&balance_lock);
  balance = 100;  // RACE
  pthread_mutex_unlock(&balance_lock);
  return NULL;
}

static void *careless_deposit(void *unused) {
  (void)unused;
  balance = 200;  // RACE
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, careful_deposit, NULL);
  pthread_create(&b, NULL, careless_deposit, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", balance);
  return 0;
}
