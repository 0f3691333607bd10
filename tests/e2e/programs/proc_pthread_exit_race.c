// A worker stores its result and leaves with pthread_exit from three calls deep; main reads the
// result before joining: a data race (the join would have ordered it).
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

long result;

__attribute__((noinline)) static void finish_deep(int depth) {
  if (depth == 0) {
    result = 42;  // RACE:STORE
    pthread_exit((void *)1);
  }
  finish_deep(depth - 1);
}

static void *worker(void *unused) {
  (void)unused;
  finish_deep(3);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  long peeked = result;  // RACE:PEEK
  void *status;
  pthread_join(thread, &status);
  printf("peeked %ld, status %ld\n", peeked, (long)status);
  return 0;
}
