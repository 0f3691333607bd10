// A tagged pointer updated as one 16-byte atomic (cmpxchg16b, hence -mcx16): two threads bump
// the tag with 16-byte compare-exchange loops while the main thread polls it with 16-byte
// atomic loads. Atomic against atomic never races, at any width.
// EXPECT: silent
// ARGS: -mcx16
// TSAN: same
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

_Alignas(16) unsigned __int128 tagged_head;

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
  pthread_t a, b;
  pthread_create(&a, NULL, bump, NULL);
  pthread_create(&b, NULL, bump, NULL);
  unsigned __int128 seen = 0;
  for (int i = 0; i < 100; ++i) seen |= __atomic_load_n(&tagged_head, __ATOMIC_SEQ_CST);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  uint64_t tag = (uint64_t)(__atomic_load_n(&tagged_head, __ATOMIC_SEQ_CST) >> 64);
  printf("%llu %d\n", (unsigned long long)tag, seen != 0 || tag != 0);
  return tag == 2000 ? 0 : 1;
}
