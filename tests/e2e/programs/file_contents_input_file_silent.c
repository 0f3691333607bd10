// A reader thread reads a 4 MiB input file in 64 KiB pieces while main waits for it; after the
// join, main rewrites the file's first bytes (ordered after every read: no race). Reads of a
// file no thread has written are logged, not given shadow: the program checks that the reads
// raised its peak resident memory by less than 8 MiB (the file's bytes checked like memory
// take 16 MiB of shadow), else it exits with status 1. TSan does not model file contents and
// passes the check as well.
// EXPECT: silent
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

enum { kFileBytes = 4 << 20, kPieceBytes = 64 << 10 };

static char path[64];
static char piece[kPieceBytes];
static long sum;

// The process's peak resident memory so far, in bytes.
static long peak_resident_bytes(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024L;
}

static void *read_input(void *unused) {
  int fd = open(path, O_RDONLY);
  ssize_t n;
  while ((n = read(fd, piece, sizeof piece)) > 0) sum += piece[n - 1];
  close(fd);
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-input-%d", (int)getpid());
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  memset(piece, 'x', sizeof piece);
  for (int i = 0; i < kFileBytes / kPieceBytes; i++)
    if (write(fd, piece, sizeof piece) != sizeof piece) return 1;
  pthread_t reader;
  const long before = peak_resident_bytes();
  pthread_create(&reader, NULL, read_input, NULL);
  pthread_join(reader, NULL);
  const long grown = peak_resident_bytes() - before;
  if (pwrite(fd, "header", 6, 0) != 6) return 1;
  close(fd);
  unlink(path);
  printf("reading %d MiB raised peak resident memory by %ld KiB (sum %ld)\n", kFileBytes >> 20,
         grown >> 10, sum);
  return grown < (8L << 20) ? 0 : 1;
}
