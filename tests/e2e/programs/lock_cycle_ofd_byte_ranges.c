// Byte-range locks of one file as two locks: a thread locks the header (bytes 0-63) then the
// index (bytes 64-127) with OFD locks; another thread, later, the index then the header. The
// cycle is between two ranges of the same file.
// EXPECT: lock-order-cycle
// TSAN: differs clang-14's TSan does not model fcntl record locks: no cycle
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];

// A macro, so that each lock call is at its own line of the thread function.
#define range(fd, type, start)                                                            \
  do {                                                                                    \
    struct flock lock = {.l_type = (type), .l_whence = SEEK_SET, .l_start = (start), .l_len = 64}; \
    fcntl((fd), F_OFD_SETLKW, &lock);                                                      \
  } while (0)

static void *header_then_index(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  range(fd, F_WRLCK, 0);
  range(fd, F_WRLCK, 64);  // CYCLE EDGE
  range(fd, F_UNLCK, 0);
  range(fd, F_UNLCK, 64);
  close(fd);
  return arg;
}

static void *index_then_header(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  range(fd, F_WRLCK, 64);
  range(fd, F_WRLCK, 0);  // CYCLE EDGE
  range(fd, F_UNLCK, 0);
  range(fd, F_UNLCK, 64);
  close(fd);
  return arg;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-ofd-cycle-%d", (int)getpid());
  pthread_t t;
  pthread_create(&t, NULL, header_then_index, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, index_then_header, NULL);
  pthread_join(t, NULL);
  unlink(path);
  return 0;
}
