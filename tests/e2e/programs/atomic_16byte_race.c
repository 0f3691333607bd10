// A 16-byte atomic (cmpxchg16b, hence -mcx16) store of a {pointer, tag} pair racing with plain
// reads of both of its halves by another thread. The atomic width does not matter: atomic vs
// plain on overlapping bytes is a race, and the two halves are two 8-byte granules, so both
// reads race with the store.
// EXPECT: data-race :lo
// EXPECT: data-race :hi
// ARGS: -mcx16
// TSAN: differs clang-14's TSan records a 16-byte atomic as an 8-byte access to its first half, so it misses the race on the upper half
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

_Alignas(16) unsigned __int128 tagged_head;
int done;

static void *writer(void *unused) {
  (void)unused;
  unsigned __int128 next = ((unsigned __int128)7 << 64) | 0x1000;
  __atomic_store_n(&tagged_head, next, __ATOMIC_RELEASE);  // RACE:lo RACE:hi
  __atomic_store_n(&done, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (!__atomic_load_n(&done, __ATOMIC_RELAXED)) sched_yield();
  uint64_t pointer = ((volatile uint64_t *)&tagged_head)[0];  // RACE:lo
  uint64_t tag = ((volatile uint64_t *)&tagged_head)[1];      // RACE:hi
  pthread_join(thread, NULL);
  printf("%llx %llu\n", (unsigned long long)pointer, (unsigned long long)tag);
  return 0;
}
