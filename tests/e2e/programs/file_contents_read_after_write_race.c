// A writer thread write()s a record at the start of a file it opened; a reader thread, with its
// own descriptor of the file, waits for the writer only through a relaxed flag and read()s the
// record. Nothing orders the read after the write (had the reader run first, it would have read
// an empty file): a data race on the file's contents between the write and the read.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not model file contents
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static atomic_int written;

static void *writer(void *unused) {
  int fd = open(path, O_WRONLY);
  if (write(fd, "record 1\n", 9) != 9) return unused;  // RACE
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  close(fd);
  return unused;
}

static void *reader(void *unused) {
  int fd = open(path, O_RDONLY);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  char record[16];
  printf("read %zd\n", read(fd, record, sizeof record));  // RACE
  close(fd);
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-read-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  pthread_t w, r;
  pthread_create(&w, NULL, writer, NULL);
  pthread_create(&r, NULL, reader, NULL);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  close(keep);
  unlink(path);
  return 0;
}
