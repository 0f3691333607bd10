// A writer that takes flock's shared lock (LOCK_SH) instead of the exclusive one: readers share
// the lock with it, so its write races with a reader holding the shared lock at the same time.
// EXPECT: data-race
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char path[64];
static int config_version;
static pthread_barrier_t both_started;

static void *writer(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  pthread_barrier_wait(&both_started);
  for (int i = 0; i < 100; i++) {
    flock(fd, LOCK_SH);  // should be LOCK_EX
    config_version = i;  // RACE
    flock(fd, LOCK_UN);
  }
  close(fd);
  return arg;
}

static void *reader(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  pthread_barrier_wait(&both_started);
  long sum = 0;
  for (int i = 0; i < 100; i++) {
    flock(fd, LOCK_SH);
    sum += config_version;  // RACE
    flock(fd, LOCK_UN);
  }
  close(fd);
  return (void *)sum;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-flock-shared-%d", (int)getpid());
  pthread_barrier_init(&both_started, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, writer, NULL);
  pthread_create(&b, NULL, reader, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  unlink(path);
  return 0;
}
