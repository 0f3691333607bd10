// Atomic and plain accesses of different sizes that overlap: an 8-byte atomic load of a word
// whose third 16-bit half another thread writes plainly, and a 1-byte atomic store into the
// middle of a 4-byte field another thread reads plainly. Overlap is what matters, not equal
// size or address: both pairs race.
// EXPECT: data-race :word
// EXPECT: data-race :field
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

union word {
  uint64_t whole;
  uint16_t halves[4];
};

union field {
  uint32_t whole;
  uint8_t bytes[4];
};

_Alignas(8) union word status;
_Alignas(8) union field mode;
int done;

static void *writer(void *unused) {
  (void)unused;
  status.halves[2] = 0xbeef;                                // RACE:word
  __atomic_store_n(&mode.bytes[1], 0x7f, __ATOMIC_RELEASE);  // RACE:field
  __atomic_store_n(&done, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (!__atomic_load_n(&done, __ATOMIC_RELAXED)) sched_yield();
  uint64_t seen = __atomic_load_n(&status.whole, __ATOMIC_ACQUIRE);  // RACE:word
  uint32_t mode_seen = mode.whole;                                   // RACE:field
  pthread_join(thread, NULL);
  printf("%llx %x\n", (unsigned long long)seen, mode_seen);
  return 0;
}
