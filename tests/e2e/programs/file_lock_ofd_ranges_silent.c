// Open-file-description (OFD) record locks on overlapping byte ranges of one file: one thread
// locks bytes 0-99, the other bytes 50-149, each through its own open of the file. OFD locks
// belong to the description, so the ranges exclude each other and each unlock happens before the
// next lock of an overlapping range; the shared record between them is ordered. A third thread
// reads it under a shared (read) lock of bytes 60-69, also overlapping.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model fcntl record locks and reports the record as a race
// ALSO AT: -O2
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static int record[4];

static void lock_range(int fd, short type, off_t start, off_t length) {
  struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = length};
  fcntl(fd, F_OFD_SETLKW, &lock);
}

static void *writer(void *arg) {
  const off_t start = (off_t)(long)arg;
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  for (int i = 0; i < 200; i++) {
    lock_range(fd, F_WRLCK, start, 100);
    record[i % 4] += 1;
    lock_range(fd, F_UNLCK, start, 100);
  }
  close(fd);
  return NULL;
}

static void *reader(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  int sum = 0;
  for (int i = 0; i < 200; i++) {
    lock_range(fd, F_RDLCK, 60, 10);
    sum += record[i % 4];
    lock_range(fd, F_UNLCK, 60, 10);
  }
  close(fd);
  return (void *)(long)sum;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-ofd-ranges-%d", (int)getpid());
  pthread_t a, b, c;
  pthread_create(&a, NULL, writer, (void *)0L);
  pthread_create(&b, NULL, writer, (void *)50L);
  pthread_create(&c, NULL, reader, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_join(c, NULL);
  unlink(path);
  return record[0] + record[1] + record[2] + record[3] == 400 ? 0 : 1;
}
