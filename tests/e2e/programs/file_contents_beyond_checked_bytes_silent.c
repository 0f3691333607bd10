// Overlapping pwrites of two unordered threads, as in file_contents_pwrite_overlap_race.c, but
// beyond the bytes checked from the start of the file (file_contents_bytes=4096, the writes at
// offsets 4096 and 4100): not checked, silent.
// EXPECT: silent
// OPTIONS: file_contents_bytes=4096
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static atomic_int first_written;

static void *first(void *unused) {
  int fd = open(path, O_RDWR);
  if (pwrite(fd, "AAAAAAAA", 8, 4096) != 8) return unused;
  atomic_store_explicit(&first_written, 1, memory_order_relaxed);
  close(fd);
  return unused;
}

static void *second(void *unused) {
  int fd = open(path, O_RDWR);
  while (!atomic_load_explicit(&first_written, memory_order_relaxed)) {
  }
  if (pwrite(fd, "BBBBBBBB", 8, 4100) != 8) return unused;
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
