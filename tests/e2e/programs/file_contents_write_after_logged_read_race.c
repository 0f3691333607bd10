// main writes a file before any thread exists (nothing to check then); a reader thread read()s
// its first record, and a writer thread, which waits for the reader only through a relaxed
// flag, pwrite()s over part of it. Nothing orders the write after the read (had the writer run
// first, the reader would have read the new record): a data race on the file's contents. The
// read came before any thread wrote the file, when reads are only logged: the write must still
// find it, with its line.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not model file contents
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static atomic_int read_done;

static void *reader(void *unused) {
  int fd = open(path, O_RDONLY);
  char record[16];
  printf("read %zd\n", read(fd, record, sizeof record));  // RACE
  atomic_store_explicit(&read_done, 1, memory_order_relaxed);
  close(fd);
  return unused;
}

static void *writer(void *unused) {
  int fd = open(path, O_WRONLY);
  while (!atomic_load_explicit(&read_done, memory_order_relaxed)) {
  }
  if (pwrite(fd, "record 2", 8, 4) != 8) return unused;  // RACE
  close(fd);
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-logged-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (write(keep, "record 1 of the input file\n", 27) != 27) return 1;
  pthread_t r, w;
  pthread_create(&r, NULL, reader, NULL);
  pthread_create(&w, NULL, writer, NULL);
  pthread_join(r, NULL);
  pthread_join(w, NULL);
  close(keep);
  unlink(path);
  return 0;
}
