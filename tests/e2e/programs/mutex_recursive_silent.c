// A recursive mutex taken twice by the same thread (outer and nested helper); the other thread
// takes it once. Every access to the ledger is under the lock.
// EXPECT: silent
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t ledger_lock;
long ledger[4];

static void record(int slot) {
  pthread_mutex_lock(&ledger_lock);
  ledger[slot] += 1;
  pthread_mutex_unlock(&ledger_lock);
}

static void *post_entries(void *arg) {
  int slot = (int)(long)arg;
  for (int i = 0; i < 2000; ++i) {
    pthread_mutex_lock(&ledger_lock);
    record(slot);
    ledger[3] += 1;
    pthread_mutex_unlock(&ledger_lock);
  }
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&ledger_lock, &attributes);
  pthread_t a, b;
  pthread_create(&a, NULL, post_entries, (void *)0L);
  pthread_create(&b, NULL, post_entries, (void *)1L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", ledger[3]);
  pthread_mutex_destroy(&ledger_lock);
  return ledger[3] == 4000 ? 0 : 1;
}
