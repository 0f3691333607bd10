// Two threads of one process write a record of a shared file "under" a classic fcntl record
// lock (F_SETLKW) on that record. Classic locks belong to the process: the kernel grants the
// second thread's lock while the first holds it, so nothing orders the two pwrites (the second
// waits for the first only through a relaxed flag). A data race on the file's contents, whose
// report notes that both held a process-owned lock; OFD locks (F_OFD_SETLKW) would exclude.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not model file contents
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static atomic_int first_done;

static void update_record(int fd, const char *text) {
  struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 16};
  fcntl(fd, F_SETLKW, &lock);
  if (pwrite(fd, text, 16, 0) != 16) perror("pwrite");  // RACE x2
  lock.l_type = F_UNLCK;
  fcntl(fd, F_SETLKW, &lock);
}

static void *first(void *unused) {
  int fd = open(path, O_RDWR);
  update_record(fd, "first  record  \n");
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  close(fd);
  return unused;
}

static void *second(void *unused) {
  int fd = open(path, O_RDWR);
  while (!atomic_load_explicit(&first_done, memory_order_relaxed)) {
  }
  update_record(fd, "second record  \n");
  close(fd);
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-fcntl-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  close(keep);
  unlink(path);
  return 0;
}
