// Three threads each open a counter file themselves (three open file descriptions, as three
// processes would) and increment the number it holds: pread it, add one, pwrite it back, under
// flock(LOCK_EX). flock locks belong to the description, so the threads exclude each other: each
// unlock happens before the next lock, and every read of the file's bytes is ordered after the
// write before it. Silent, and the count is exact.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char path[64];

static void *worker(void *arg) {
  int fd = open(path, O_RDWR);
  for (int i = 0; i < 300; i++) {
    flock(fd, LOCK_EX);
    unsigned count = 0;
    if (pread(fd, &count, sizeof count, 0) != sizeof count) count = 0;
    count++;
    if (pwrite(fd, &count, sizeof count, 0) != sizeof count) perror("pwrite");
    flock(fd, LOCK_UN);
  }
  close(fd);
  return arg;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-counter-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  pthread_t threads[3];
  for (int i = 0; i < 3; i++) pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
  unsigned count = 0;
  if (pread(keep, &count, sizeof count, 0) != sizeof count) return 1;
  close(keep);
  unlink(path);
  return count == 900 ? 0 : 1;
}
