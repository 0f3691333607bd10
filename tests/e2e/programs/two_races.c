// Two independent races in one program, each between main and a different worker: each is its
// own finding.
// EXPECT: data-race :width
// EXPECT: data-race :height
// TSAN: same
#include <pthread.h>
#include <stdio.h>

// Each in its own 8-byte word, so the two races are on separate memory cells.
_Alignas(16) int width;
_Alignas(16) int height;

static void *set_width(void *unused) {
  (void)unused;
  width = 640;  // RACE:width
  return NULL;
}

static void *set_height(void *unused) {
  (void)unused;
  height = 480;  // RACE:height
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, set_width, NULL);
  pthread_create(&b, NULL, set_height, NULL);
  int area_guess = width;  // RACE:width
  area_guess *= height;    // RACE:height
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", area_guess);
  return 0;
}
