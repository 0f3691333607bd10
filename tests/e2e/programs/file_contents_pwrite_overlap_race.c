// Two threads each open one data file themselves and pwrite overlapping bytes of it (offsets 0-7
// and 4-11) with nothing ordering the writes: the second waits for the first only through a
// relaxed flag. Which bytes 4-7 the file keeps depends on the schedule: a data race on the
// file's contents, reported at the two pwrite calls.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not model file contents
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static atomic_int first_written;

static void *first(void *unused) {
  int fd = open(path, O_RDWR);
  if (pwrite(fd, "AAAAAAAA", 8, 0) != 8) return unused;  // RACE
  atomic_store_explicit(&first_written, 1, memory_order_relaxed);
  close(fd);
  return unused;
}

static void *second(void *unused) {
  int fd = open(path, O_RDWR);
  while (!atomic_load_explicit(&first_written, memory_order_relaxed)) {
  }
  if (pwrite(fd, "BBBBBBBB", 8, 4) != 8) return unused;  // RACE
  close(fd);
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-overlap-%d", (int)getpid());
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);  // kept open: the file's history lives
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  char bytes[12];
  printf("read %zd\n", pread(fd, bytes, sizeof bytes, 0));
  close(fd);
  unlink(path);
  return 0;
}
