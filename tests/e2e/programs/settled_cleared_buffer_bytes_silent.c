// The main thread clears a 4 MiB buffer before it starts any other thread; then two workers
// each write their half of it, one byte at a time, releasing a mutex every 4 KiB. Every worker
// write is ordered after the clearing, and the clearing after nothing that another thread could
// still race with: the detector need not keep it. Keeping it beside each worker's first byte
// would split every 8-byte word of the buffer into per-byte records (about 128 MiB here); the
// program checks that the workers raised its peak resident memory by less than 64 MiB, else it
// exits with status 1. Race-free; TSan passes the check as well.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum { kBytes = 4 << 20, kWorkers = 2, kChunk = 4096 };

static unsigned char *buffer;
static pthread_mutex_t tick = PTHREAD_MUTEX_INITIALIZER;

// The process's peak resident memory so far, in bytes.
static long peak_resident_bytes(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024L;
}

static void *fill_half(void *arg) {
  const long half = (long)arg;
  volatile unsigned char *bytes = buffer + half * (kBytes / kWorkers);
  for (long i = 0; i < kBytes / kWorkers; i++) {
    if (i % kChunk == 0) {
      pthread_mutex_lock(&tick);  // a release: the next chunk is a new epoch
      pthread_mutex_unlock(&tick);
    }
    bytes[i] = (unsigned char)(i * 7 + half);
  }
  return NULL;
}

int main(void) {
  buffer = malloc(kBytes);
  if (!buffer) return 2;
  memset(buffer, 0, kBytes);
  const long before = peak_resident_bytes();
  pthread_t workers[kWorkers];
  for (long w = 0; w < kWorkers; w++) pthread_create(&workers[w], NULL, fill_half, (void *)w);
  for (int w = 0; w < kWorkers; w++) pthread_join(workers[w], NULL);
  const long grown = peak_resident_bytes() - before;
  unsigned long sum = 0;
  for (long i = 0; i < kBytes; i += 4093) sum += buffer[i];
  printf("sum %lu\n", sum);
  free(buffer);
  if (grown >= 64L << 20) {
    fprintf(stderr, "peak resident memory grew by %ld MiB while the workers wrote\n", grown >> 20);
    return 1;
  }
  return 0;
}
