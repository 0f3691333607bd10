// memmem searches a packet for a marker that is not there while another thread fills in the
// packet's tail: a failed search reads the whole range.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

unsigned char packet[32];
int filled;

static void *fill_tail(void *unused) {
  (void)unused;
  packet[30] = 0x7f;  // RACE
  __atomic_store_n(&filled, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, fill_tail, NULL);
  while (!__atomic_load_n(&filled, __ATOMIC_RELAXED)) sched_yield();
  void *marker;
  marker = memmem(packet, sizeof packet, "END", 3);  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", marker != NULL);
  return 0;
}
