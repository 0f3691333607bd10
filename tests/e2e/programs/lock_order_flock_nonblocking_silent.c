// The second file is taken with LOCK_NB and the thread backs off when it is busy: a try lock
// cannot wait forever, so the opposite orders are no potential deadlock.
// EXPECT: silent
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char first_path[64], second_path[64];

static void *take(void *arg) {
  const int reversed = arg != NULL;
  int a = open(reversed ? second_path : first_path, O_RDWR | O_CREAT, 0600);
  int b = open(reversed ? first_path : second_path, O_RDWR | O_CREAT, 0600);
  for (;;) {
    flock(a, LOCK_EX);
    if (flock(b, LOCK_EX | LOCK_NB) == 0) break;
    flock(a, LOCK_UN);
    usleep(100);
  }
  flock(b, LOCK_UN);
  flock(a, LOCK_UN);
  close(a);
  close(b);
  return NULL;
}

int main(void) {
  snprintf(first_path, sizeof first_path, "/tmp/interlock-nb-first-%d", (int)getpid());
  snprintf(second_path, sizeof second_path, "/tmp/interlock-nb-second-%d", (int)getpid());
  pthread_t t1, t2;
  pthread_create(&t1, NULL, take, NULL);
  pthread_create(&t2, NULL, take, (void *)1);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  unlink(first_path);
  unlink(second_path);
  return 0;
}
