// An array of 4-byte values, two per 8-byte granule: main fills the whole array (one epoch),
// starts a reader (which is ordered after the fill), then rewrites the first value of every
// pair (a later epoch: the thread start released). The reader reads the second values, which it
// is ordered after, and then the first values, which main rewrote unordered with it: only the
// first values race, and each side is named at its own line. The shadow keeps each half's
// history apart (halves, not one merged record, or eight byte cells).
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define PAIRS 64
static uint32_t table[2 * PAIRS];
static volatile int sink;

static void *reader(void *unused) {
  (void)unused;
  uint32_t sum = 0;
  for (int i = 0; i < PAIRS; i++) sum += table[2 * i + 1];  // ordered after the fill
  for (int i = 0; i < PAIRS; i++) sum += table[2 * i];  // RACE
  sink = (int)sum;
  return NULL;
}

int main(void) {
  for (int i = 0; i < 2 * PAIRS; i++) table[i] = (uint32_t)i;
  pthread_t thread;
  pthread_create(&thread, NULL, reader, NULL);
  for (int i = 0; i < PAIRS; i++) table[2 * i] = 7;  // RACE
  pthread_join(thread, NULL);
  printf("%d\n", sink);
  return 0;
}
