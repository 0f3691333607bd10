// memmem reads up to the end of what it found and memrchr from what it found to the end: a
// thread writes a byte of the packet in between while main searches both ends.
// EXPECT: silent
// TSAN: differs clang-14's TSan counts memrchr as reading its whole range and reports the
// payload write as racing with it
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

unsigned char packet[32] = "HDR:payload:END";
int filled;

static void *fill_payload(void *unused) {
  (void)unused;
  packet[6] = 'Y';
  __atomic_store_n(&filled, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, fill_payload, NULL);
  while (!__atomic_load_n(&filled, __ATOMIC_RELAXED)) sched_yield();
  unsigned char *header = memmem(packet, sizeof packet, "HDR", 3);  // reads packet[0..2]
  unsigned char *last = memrchr(packet, 'D', sizeof packet);        // reads packet[14..31]
  pthread_join(worker, NULL);
  unsigned char *payload = memmem(packet, sizeof packet, "paY", 3);
  printf("%d %d %d\n", (int)(header - packet), (int)(last - packet), (int)(payload - packet));
  return 0;
}
