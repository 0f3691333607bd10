// A lock annotated with interlock/annotations.h orders only what is done under it: the reader
// takes the lock, the writer forgets to, so their accesses race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include "../../../include/interlock/annotations.h"

static int lock_word;
static int balance;

static void lock(void) {
  while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_RELAXED)) sched_yield();
  INTERLOCK_LOCK_ACQUIRED(&lock_word);
}

static void unlock(void) {
  INTERLOCK_LOCK_RELEASED(&lock_word);
  __atomic_store_n(&lock_word, 0, __ATOMIC_RELAXED);
}

static void *careless_writer(void *unused) {
  (void)unused;
  balance = 100;  // RACE: without the lock
  return NULL;
}

static void *careful_reader(void *unused) {
  (void)unused;
  lock();
  int seen = balance;  // RACE
  unlock();
  printf("%d\n", seen);
  return NULL;
}

int main(void) {
  INTERLOCK_LOCK_CREATE(&lock_word);
  pthread_t a, b;
  pthread_create(&a, NULL, careless_writer, NULL);
  pthread_create(&b, NULL, careful_reader, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
