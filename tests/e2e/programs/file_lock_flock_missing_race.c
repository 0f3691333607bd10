// One thread updates the shared total under flock, the other forgets to take the lock: the
// unlocked update is ordered with nothing and races.
// EXPECT: data-race
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char path[64];
static long total;
static pthread_barrier_t both_started;

static void *locked_adder(void *arg) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  pthread_barrier_wait(&both_started);
  for (int i = 0; i < 100; i++) {
    flock(fd, LOCK_EX);
    total += 2;  // RACE
    flock(fd, LOCK_UN);
  }
  close(fd);
  return arg;
}

static void *careless_adder(void *arg) {
  pthread_barrier_wait(&both_started);
  for (int i = 0; i < 100; i++) total += 3;  // RACE
  return arg;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-flock-missing-%d", (int)getpid());
  pthread_barrier_init(&both_started, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, locked_adder, NULL);
  pthread_create(&b, NULL, careless_adder, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  unlink(path);
  return 0;
}
