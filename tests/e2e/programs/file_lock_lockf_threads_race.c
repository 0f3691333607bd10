// lockf(F_LOCK) is a classic POSIX record lock too: owned by the process, so two threads both
// hold it at once and the balance they update under it races.
// EXPECT: data-race
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];
static long balance;
static pthread_barrier_t both_started;

static void *worker(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  pthread_barrier_wait(&both_started);
  for (int i = 0; i < 200; i++) {
    lseek(fd, 0, SEEK_SET);
    lockf(fd, F_LOCK, 0);
    balance += 10;  // RACE x2
    lseek(fd, 0, SEEK_SET);
    lockf(fd, F_ULOCK, 0);
  }
  close(fd);
  return arg;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-lockf-threads-%d", (int)getpid());
  pthread_barrier_init(&both_started, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  unlink(path);
  return 0;
}
