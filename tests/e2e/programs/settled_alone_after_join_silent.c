// A program in phases: a thread fills a 4 MiB buffer and is joined; then the main thread, alone
// again, works through the buffer in four epochs (a mutex unlock between them), reading one
// byte of every 8-byte word and writing another in each; then a second thread reads it. While
// main is the process's only thread, nothing it does can race with anything later. Kept as they
// would be with other threads running, its accesses would take a read set and per-byte cells for
// every word (about 190 MiB here); the program checks that the phase raised its peak resident
// memory by less than 64 MiB, else it exits with status 1. Race-free; TSan passes the check as
// well.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum { kWords = 512 * 1024, kEpochs = 4 };

static unsigned char *buffer;
static pthread_mutex_t tick = PTHREAD_MUTEX_INITIALIZER;

// The process's peak resident memory so far, in bytes.
static long peak_resident_bytes(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024L;
}

static void *fill_buffer(void *unused) {
  (void)unused;
  memset(buffer, 1, kWords * 8L);
  return NULL;
}

static void *sum_buffer(void *result) {
  unsigned long sum = 0;
  for (long i = 0; i < kWords * 8L; i++) sum += buffer[i];
  *(unsigned long *)result = sum;
  return NULL;
}

int main(void) {
  buffer = malloc(kWords * 8L);
  if (!buffer) return 2;
  pthread_t filler;
  pthread_create(&filler, NULL, fill_buffer, NULL);
  pthread_join(filler, NULL);
  const long before = peak_resident_bytes();
  volatile unsigned char *bytes = buffer;
  unsigned long sum = 0;
  for (int epoch = 0; epoch < kEpochs; epoch++) {
    pthread_mutex_lock(&tick);  // a release: what follows is a new epoch
    pthread_mutex_unlock(&tick);
    for (long i = 0; i < kWords; i++) {
      sum += bytes[i * 8 + 2 * epoch];
      bytes[i * 8 + 2 * epoch + 1] = (unsigned char)(i + epoch);
    }
  }
  const long grown = peak_resident_bytes() - before;
  pthread_t reader;
  unsigned long total = 0;
  pthread_create(&reader, NULL, sum_buffer, &total);
  pthread_join(reader, NULL);
  printf("%lu %lu\n", sum, total);
  free(buffer);
  if (grown >= 64L << 20) {
    fprintf(stderr, "peak resident memory grew by %ld MiB between the phases\n", grown >> 20);
    return 1;
  }
  return 0;
}
