// Atomic and plain accesses side by side in one 8-byte word without overlapping: one thread
// bumps the low 4 bytes of a word atomically and stores single bytes atomically in another
// word, while a second thread writes the high 4 bytes of the first word and the 2 bytes next to
// the single bytes plainly. Sharing a word is not sharing memory: no race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

struct counters {
  uint32_t atomic_hits;
  uint32_t plain_misses;
};

struct lanes {
  uint8_t atomic_flags[2];
  uint16_t plain_half;
  uint32_t spare;
};

_Alignas(8) struct counters counters;
_Alignas(8) struct lanes lanes;

static void *atomic_side(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; ++i) {
    __atomic_fetch_add(&counters.atomic_hits, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&lanes.atomic_flags[i & 1], (uint8_t)i, __ATOMIC_RELEASE);
  }
  return NULL;
}

static void *plain_side(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; ++i) {
    counters.plain_misses += 1;
    lanes.plain_half = (uint16_t)(lanes.plain_half + 3);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, atomic_side, NULL);
  pthread_create(&b, NULL, plain_side, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%u %u %u\n", counters.atomic_hits, counters.plain_misses, lanes.plain_half);
  return counters.atomic_hits == 2000 && counters.plain_misses == 2000 ? 0 : 1;
}
