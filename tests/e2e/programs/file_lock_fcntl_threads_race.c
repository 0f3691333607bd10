// Two threads of one process "lock" the same byte range with classic fcntl record locks
// (F_SETLKW) around a shared counter. Classic record locks belong to the process: the kernel
// grants both threads the lock at once, so the counter races. The report says both sides held
// the process-owned lock.
// EXPECT: data-race
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static int counter;
static pthread_barrier_t both_started;

static void *worker(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  struct flock unlock = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  pthread_barrier_wait(&both_started);
  for (int i = 0; i < 200; i++) {
    fcntl(fd, F_SETLKW, &lock);
    counter++;  // RACE x2
    fcntl(fd, F_SETLK, &unlock);
  }
  close(fd);
  return arg;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-fcntl-threads-%d", (int)getpid());
  pthread_barrier_init(&both_started, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  unlink(path);
  return 0;
}
