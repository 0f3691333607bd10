// Correct lock use in every shape the misuse checks look at: two threads locking and unlocking
// the same mutex, a trylock, an error-checking mutex, a mutex destroyed after its unlock and
// initialized again at the same address, and a spin lock.
// EXPECT: silent
// PRINTS: total 2000
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spin;
static int counter;

static void *count(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++) {
    if (pthread_mutex_trylock(&counter_lock) != 0) pthread_mutex_lock(&counter_lock);
    counter++;
    pthread_mutex_unlock(&counter_lock);
    pthread_spin_lock(&spin);
    pthread_spin_unlock(&spin);
  }
  return NULL;
}

int main(void) {
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_t a, b;
  pthread_create(&a, NULL, count, NULL);
  pthread_create(&b, NULL, count, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);

  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
  for (int round = 0; round < 3; round++) {
    pthread_mutex_t scoped;
    pthread_mutex_init(&scoped, &attributes);
    pthread_mutex_lock(&scoped);
    pthread_mutex_unlock(&scoped);
    pthread_mutex_destroy(&scoped);
  }
  pthread_spin_destroy(&spin);
  printf("total %d\n", counter);
  return 0;
}
