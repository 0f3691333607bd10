// main opens a file and a pipe, four threads read from them at once, and main closes both only
// after joining them all: every use happens after the open and before the close.
// EXPECT: silent
// TSAN: same
// PRINTS: read 4096 zero bytes
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { kThreads = 4 };
static int zeros;
static int ends[2];

static void *reader(void *unused) {
  (void)unused;
  char buffer[1024];
  long total = 0;
  ssize_t n = read(zeros, buffer, sizeof buffer);
  for (ssize_t i = 0; i < n; i++) total += buffer[i] == 0;
  char byte;
  if (read(ends[0], &byte, 1) != 1) return NULL;
  return (void *)total;
}

int main(void) {
  zeros = open("/dev/zero", O_RDONLY);
  if (zeros < 0 || pipe(ends) != 0) return 1;
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; i++) pthread_create(&threads[i], NULL, reader, NULL);
  if (write(ends[1], "abcd", kThreads) != kThreads) return 1;
  long total = 0;
  for (int i = 0; i < kThreads; i++) {
    void *part;
    pthread_join(threads[i], &part);
    total += (long)part;
  }
  close(zeros);
  close(ends[0]);
  close(ends[1]);
  printf("read %ld zero bytes\n", total);
  return 0;
}
