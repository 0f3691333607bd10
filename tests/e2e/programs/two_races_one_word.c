// Two races between the same two threads on the two halves of one 8-byte word (the fields of a
// small struct). They are two bugs in two places and both must be reported; clang-14's TSan
// reports the first and drops the second, which hits the same shadow word.
// EXPECT: data-race :width
// EXPECT: data-race :height
// TSAN: differs clang-14's TSan drops the second race on an 8-byte word it already reported
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

struct size {
  int width;
  int height;
};

_Alignas(8) struct size window;
int written;

static void *resize(void *unused) {
  (void)unused;
  window.width = 640;   // RACE:width
  window.height = 480;  // RACE:height
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, resize, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  int area = window.width;  // RACE:width
  area *= window.height;    // RACE:height
  pthread_join(worker, NULL);
  printf("%d\n", area);
  return 0;
}
