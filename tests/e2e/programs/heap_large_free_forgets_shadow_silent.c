// A worker fills a 64 MiB buffer and main frees it after the join. glibc serves a block this
// large from a mapping of its own and unmaps it at free: the detector's shadow of the block
// (Interlock: 4 bytes for each byte; TSan: 2) must go back to the kernel with it, not stay
// resident until the address is reused. The program checks that itself: its resident memory
// must fall by at least twice the block's size (the block alone accounts for once), else it
// exits with status 1. Nothing races: the join orders the worker's writes before the free.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kBlockBytes = 64 << 20 };

static char *buffer;

static long resident_bytes(void) {
  FILE *statm = fopen("/proc/self/statm", "r");
  long pages_total = 0, pages_resident = 0;
  if (!statm || fscanf(statm, "%ld %ld", &pages_total, &pages_resident) != 2) {
    fprintf(stderr, "cannot read /proc/self/statm\n");
    exit(1);
  }
  fclose(statm);
  return pages_resident * sysconf(_SC_PAGESIZE);
}

static void *fill(void *unused) {
  (void)unused;
  for (size_t i = 0; i < kBlockBytes; i += 8) *(long *)(buffer + i) = (long)i;
  return NULL;
}

int main(void) {
  buffer = malloc(kBlockBytes);
  if (!buffer) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, fill, NULL);
  pthread_join(worker, NULL);
  const long before = resident_bytes();
  free(buffer);
  const long after = resident_bytes();
  const long fallen = before - after;
  printf("resident memory fell by %ld MiB at the free of a %d MiB block\n", fallen >> 20,
         kBlockBytes >> 20);
  return fallen >= 2L * kBlockBytes ? 0 : 1;
}
