// Two threads, each with its own descriptors, flock two files in opposite orders and both block:
// a real deadlock (flock never fails with EDEADLK). The barrier makes sure each holds its first
// lock before it requests the second. Interlock reports the cycle when the second request closes
// it, then the deadlock (each thread waits for the file lock the other holds), and ends the
// program with status 67.
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs clang-14's TSan does not model flock and hangs with the program
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char paths[2][64];
static pthread_barrier_t both_hold_one;

static void *take(void *arg) {
  const int first = arg != NULL;
  int a = open(paths[first], O_RDWR | O_CREAT, 0600), b = open(paths[!first], O_RDWR | O_CREAT, 0600);
  flock(a, LOCK_EX);
  pthread_barrier_wait(&both_hold_one);
  flock(b, LOCK_EX);  // CYCLE x2 DEADLOCK x2
  flock(b, LOCK_UN);
  flock(a, LOCK_UN);
  return NULL;
}

int main(void) {
  for (int i = 0; i < 2; i++)
    snprintf(paths[i], sizeof paths[i], "/tmp/interlock-deadlock-flock-%d-%d", (int)getpid(), i);
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, take, NULL);
  pthread_create(&t2, NULL, take, (void *)1);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
