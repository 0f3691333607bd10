// Two races between the same two threads, on two variables in separate 8-byte words: each is its
// own finding.
// EXPECT: data-race :width
// EXPECT: data-race :height
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

_Alignas(16) int width;
_Alignas(16) int height;
int written;

static void *resize(void *unused) {
  (void)unused;
  width = 640;   // RACE:width
  height = 480;  // RACE:height
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, resize, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  int area = width;  // RACE:width
  area *= height;    // RACE:height
  pthread_join(worker, NULL);
  printf("%d\n", area);
  return 0;
}
