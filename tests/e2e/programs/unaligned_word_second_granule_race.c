// Unaligned 4-byte reads that cross a granule boundary, by a thread that has already read part of
// both granules in the same epoch: the access fast path asks each granule for its own bytes of
// the access, so the second read's third byte of the second granule, new in this epoch, is still
// checked, and its race with the writer is found. (Were the second granule asked for only the
// bytes the first read covered, the read would be taken as recorded already and the race lost.)
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

struct __attribute__((packed)) unaligned_word {
  uint32_t value;
};

static _Alignas(8) unsigned char buffer[16];
static volatile uint32_t sink;

static void *writer(void *unused) {
  (void)unused;
  buffer[10] = 1;  // RACE
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  // Bytes 6..9: the end of one granule, the start of the next.
  uint32_t sum = ((const struct unaligned_word *)(buffer + 6))->value;
  sum += ((const struct unaligned_word *)(buffer + 7))->value;  // RACE (bytes 7..10)
  sink = sum;
  pthread_join(thread, NULL);
  printf("%u\n", (unsigned)sink);
  return 0;
}
