// Record-level locking in one data file: four threads each open the file and update records
// with pwrite. Threads 0 and 1 share record 0 (bytes 0-9) under an OFD lock of those bytes
// (F_OFD_SETLKW: owned by the description, so they exclude each other); threads 2 and 3 each
// own one record of their own (bytes 10-19 and 20-29, next to record 0, no lock): the check is
// byte-exact, so neighbouring records never conflict. A thread also reads its record back with
// read() after an lseek. Silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#define _GNU_SOURCE  // F_OFD_SETLKW
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { kRecordBytes = 10 };
static char path[64];

static void lock_record(int fd, short type, off_t record) {
  struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = record * kRecordBytes,
                       .l_len = kRecordBytes};
  fcntl(fd, F_OFD_SETLKW, &lock);
}

static void *worker(void *arg) {
  const long id = (long)arg;
  int fd = open(path, O_RDWR);
  const off_t record = id < 2 ? 0 : id - 1;
  char text[kRecordBytes + 1];
  for (int i = 0; i < 200; i++) {
    snprintf(text, sizeof text, "t%ld i%05d", id, i);
    if (record == 0) lock_record(fd, F_WRLCK, 0);
    if (pwrite(fd, text, kRecordBytes, record * kRecordBytes) != kRecordBytes) perror("pwrite");
    lseek(fd, record * kRecordBytes, SEEK_SET);
    if (read(fd, text, kRecordBytes) != kRecordBytes) perror("read");
    if (record == 0) lock_record(fd, F_UNLCK, 0);
  }
  close(fd);
  return NULL;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-records-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  pthread_t threads[4];
  for (long i = 0; i < 4; i++) pthread_create(&threads[i], NULL, worker, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
  char all[3 * kRecordBytes];
  const ssize_t n = pread(keep, all, sizeof all, 0);
  close(keep);
  unlink(path);
  return n == (ssize_t)sizeof all ? 0 : 1;
}
