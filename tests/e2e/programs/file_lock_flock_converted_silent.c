// A writer takes the lock file shared, then converts its lock to exclusive (flock LOCK_SH, then
// LOCK_EX on the same description) before writing; readers take it shared and read. The
// conversion makes the writer's unlock a release to every later holder, readers included, so
// nothing races. (A model that kept the lock as "shared" after the conversion would release only
// to later writers and report the readers' reads.)
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model flock and reports the value as a race
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char path[64];
static int value;
static volatile int written;

static void *writer(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  flock(fd, LOCK_SH);
  flock(fd, LOCK_EX);  // converted in place
  value = 42;
  written = 1;
  flock(fd, LOCK_UN);
  close(fd);
  return arg;
}

static void *reader(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  int seen = 0;
  while (!seen) {
    flock(fd, LOCK_SH);
    if (written) seen = value;
    flock(fd, LOCK_UN);
  }
  close(fd);
  return (void *)(long)seen;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-flock-converted-%d", (int)getpid());
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, reader, NULL);
  pthread_create(&threads[1], NULL, writer, NULL);
  void *seen;
  pthread_join(threads[0], &seen);
  pthread_join(threads[1], NULL);
  unlink(path);
  return (long)seen == 42 ? 0 : 1;
}
