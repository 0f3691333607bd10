// A word read that overlaps an earlier write in one byte: the writer stores byte 10 of a buffer
// and raises a relaxed flag (no happens-before); the reader waits for the flag and reads 4 bytes
// at offset 7, across a granule boundary (bytes 7..10). The read finds the race in the second
// granule, where it touches bytes 8..10.
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

struct __attribute__((packed)) unaligned_word {
  uint32_t value;
};

static _Alignas(8) unsigned char buffer[16];
static atomic_int written;

static void *writer(void *unused) {
  (void)unused;
  buffer[10] = 1;
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  uint32_t word = ((const struct unaligned_word *)(buffer + 7))->value;
  pthread_join(thread, NULL);
  printf("%u\n", (unsigned)word);
  return 0;
}
