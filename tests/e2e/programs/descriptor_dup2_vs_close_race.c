// main replaces descriptor `target` with dup2 while a worker closes it, after only a relaxed
// flag: the close races with the dup2 on the descriptor (which file does the number name when
// the worker closes it?).
// EXPECT: data-race
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int target;
static atomic_int replaced;

static void *closer(void *unused) {
  (void)unused;
  while (!atomic_load_explicit(&replaced, memory_order_relaxed)) {
  }
  close(target);  // RACE:CLOSE
  return NULL;
}

int main(void) {
  target = open("/dev/zero", O_RDONLY);
  int other = open("/dev/null", O_RDONLY);
  if (target < 0 || other < 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, closer, NULL);
  if (dup2(other, target) < 0) return 1;  // RACE:DUP2
  atomic_store_explicit(&replaced, 1, memory_order_relaxed);
  pthread_join(worker, NULL);
  close(other);
  printf("done\n");
  return 0;
}
