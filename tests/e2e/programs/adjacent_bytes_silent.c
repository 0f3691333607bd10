// Four threads each own one byte of the same 8-byte word, and two more own one 16-bit half of
// another word. Adjacent is not shared: no race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

char lane_bytes[8];
uint16_t lane_halves[4];

static void *own_byte(void *arg) {
  long lane = (long)arg;
  for (int i = 0; i < 3000; ++i) lane_bytes[lane] = (char)(lane_bytes[lane] + 1);
  return NULL;
}

static void *own_half(void *arg) {
  long lane = (long)arg;
  for (int i = 0; i < 3000; ++i) lane_halves[lane] = (uint16_t)(lane_halves[lane] + 1);
  return NULL;
}

int main(void) {
  pthread_t workers[6];
  for (long lane = 0; lane < 4; ++lane)
    pthread_create(&workers[lane], NULL, own_byte, (void *)lane);
  for (long lane = 0; lane < 2; ++lane)
    pthread_create(&workers[4 + lane], NULL, own_half, (void *)(lane + 1));
  for (int i = 0; i < 6; ++i) pthread_join(workers[i], NULL);
  printf("%d %d\n", lane_bytes[0] + lane_bytes[3], lane_halves[1] + lane_halves[2]);
  return 0;
}
