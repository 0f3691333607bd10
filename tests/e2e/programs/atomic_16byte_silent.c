// A tagged pointer updated as one 16-byte atomic (cmpxchg16b, hence -mcx16). A publisher fills
// a plain payload, then sets the tag with a 16-byte release compare-exchange; two threads bump
// the tag with acq_rel compare-exchange loops, which continue the release sequence; the main
// thread polls with 16-byte acquire loads until the publisher's bit is set, then reads the
// payload. Atomic against atomic never races at any width, and the payload read is ordered after
// its write only through the 16-byte release and acquire: without them it would be a race.
// EXPECT: silent
// ARGS: -mcx16
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

#define PUBLISHED ((unsigned __int128)1)

_Alignas(16) unsigned __int128 tagged_head;
int payload;

static void *publish(void *unused) {
  (void)unused;
  payload = 42;
  unsigned __int128 old = __atomic_load_n(&tagged_head, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(&tagged_head, &old, old | PUBLISHED, 0, __ATOMIC_RELEASE,
                                      __ATOMIC_RELAXED)) {
  }
  return NULL;
}

static void *bump(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    unsigned __int128 old = __atomic_load_n(&tagged_head, __ATOMIC_ACQUIRE);
    while (!__atomic_compare_exchange_n(&tagged_head, &old, old + ((unsigned __int128)1 << 64), 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    }
  }
  return NULL;
}

int main(void) {
  pthread_t publisher, a, b;
  pthread_create(&a, NULL, bump, NULL);
  pthread_create(&publisher, NULL, publish, NULL);
  pthread_create(&b, NULL, bump, NULL);
  while (!(__atomic_load_n(&tagged_head, __ATOMIC_ACQUIRE) & PUBLISHED)) sched_yield();
  int seen = payload;
  pthread_join(publisher, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  uint64_t tag = (uint64_t)(__atomic_load_n(&tagged_head, __ATOMIC_SEQ_CST) >> 64);
  printf("%llu %d\n", (unsigned long long)tag, seen);
  return tag == 2000 && seen == 42 ? 0 : 1;
}
