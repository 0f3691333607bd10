// A reader thread reads the first 5,000 bytes of a file main wrote, one byte per read() (more
// reads than Interlock logs for a file no thread has written: past 4,096 it records the logged
// ones and checks the rest as they come). A writer thread that waits for the reader only
// through a relaxed flag then pwrite()s byte 10, read long before: a data race on the file's
// contents between the two calls.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not model file contents
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { kFileBytes = 8192, kBytesRead = 5000 };

static char path[64];
static atomic_int reads_done;

static void *reader(void *unused) {
  int fd = open(path, O_RDONLY);
  char byte;
  long sum = 0;
  for (int i = 0; i < kBytesRead; i++) {
    if (read(fd, &byte, 1) != 1) break;  // RACE
    sum += byte;
  }
  printf("sum %ld\n", sum);
  atomic_store_explicit(&reads_done, 1, memory_order_relaxed);
  close(fd);
  return unused;
}

static void *writer(void *unused) {
  int fd = open(path, O_WRONLY);
  while (!atomic_load_explicit(&reads_done, memory_order_relaxed)) {
  }
  if (pwrite(fd, "!", 1, 10) != 1) return unused;  // RACE
  close(fd);
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-small-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  char block[kFileBytes];
  memset(block, 'x', sizeof block);
  if (write(keep, block, sizeof block) != sizeof block) return 1;
  pthread_t r, w;
  pthread_create(&r, NULL, reader, NULL);
  pthread_create(&w, NULL, writer, NULL);
  pthread_join(r, NULL);
  pthread_join(w, NULL);
  close(keep);
  unlink(path);
  return 0;
}
