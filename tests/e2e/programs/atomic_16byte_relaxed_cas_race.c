// The twin of atomic_16byte_silent.c with the publisher's 16-byte compare-exchange relaxed: the
// reader's 16-byte acquire load then synchronizes with nothing the publisher released, so the
// payload read races with its write even though the reader saw the published bit.
// EXPECT: data-race
// ARGS: -mcx16
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define PUBLISHED ((unsigned __int128)1)

_Alignas(16) unsigned __int128 tagged_head;
int payload;

static void *publish(void *unused) {
  (void)unused;
  payload = 42;  // RACE
  unsigned __int128 old = __atomic_load_n(&tagged_head, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(&tagged_head, &old, old | PUBLISHED, 0, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED)) {
  }
  return NULL;
}

int main(void) {
  pthread_t publisher;
  pthread_create(&publisher, NULL, publish, NULL);
  while (!(__atomic_load_n(&tagged_head, __ATOMIC_ACQUIRE) & PUBLISHED)) sched_yield();
  int seen = payload;  // RACE
  pthread_join(publisher, NULL);
  printf("%d\n", seen);
  return 0;
}
