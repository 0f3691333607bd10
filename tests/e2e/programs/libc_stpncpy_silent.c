// Two threads stpncpy into the two halves of one buffer, each bounded to its own half; main
// reads it after joining both: nothing overlaps unordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char halves[16];

static void *fill_half(void *half) {
  char *start = half;
  stpncpy(start, start == halves ? "left" : "right", 8);
  return NULL;
}

int main(void) {
  pthread_t left, right;
  pthread_create(&left, NULL, fill_half, halves);
  pthread_create(&right, NULL, fill_half, halves + 8);
  pthread_join(left, NULL);
  pthread_join(right, NULL);
  printf("%s %s\n", halves, halves + 8);
  return 0;
}
