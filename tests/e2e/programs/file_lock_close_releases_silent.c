// A thread that ends its critical section by closing the descriptor, without LOCK_UN: closing the
// last descriptor of the description releases the flock lock, and that release orders the
// message for the next holder. The reader waits for the writer's lock file to exist, then takes
// the lock (which blocks until the writer's close) and reads the message.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model flock and reports the message as a race
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static char path[64];
static char message[32];
static int writer_holds;  // only a hint for the reader to start late, read atomically

static void *writer(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  flock(fd, LOCK_EX);
  __atomic_store_n(&writer_holds, 1, __ATOMIC_RELAXED);
  usleep(20000);
  strcpy(message, "hello");
  close(fd);  // releases the lock
  return arg;
}

static void *reader(void *arg) {
  while (!__atomic_load_n(&writer_holds, __ATOMIC_RELAXED)) usleep(100);
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  flock(fd, LOCK_EX);
  int ok = strcmp(message, "hello") == 0;
  flock(fd, LOCK_UN);
  close(fd);
  return (void *)(long)ok;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-flock-close-%d", (int)getpid());
  pthread_t w, r;
  void *ok;
  pthread_create(&w, NULL, writer, NULL);
  pthread_create(&r, NULL, reader, NULL);
  pthread_join(w, NULL);
  pthread_join(r, &ok);
  unlink(path);
  return ok ? 0 : 1;
}
