// Two threads each open the counter's lock file themselves (two open file descriptions, as two
// processes would) and increment a shared counter under flock(LOCK_EX). flock locks belong to the
// description, so the threads exclude each other: the unlock of one happens before the other's
// lock, and the counter is ordered.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model flock and reports the counter as a race
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char path[64];
static int counter;

static void *worker(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  for (int i = 0; i < 500; i++) {
    flock(fd, LOCK_EX);
    counter++;
    flock(fd, LOCK_UN);
  }
  close(fd);
  return arg;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-flock-counter-%d", (int)getpid());
  pthread_t threads[3];
  for (int i = 0; i < 3; i++) pthread_create(&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
  unlink(path);
  return counter == 1500 ? 0 : 1;
}
