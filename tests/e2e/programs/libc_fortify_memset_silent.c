// libc_fortify_memset_race.c with the clear joined before the copy: __memset_chk and
// __memcpy_chk are both checked, and the join orders them.
// EXPECT: silent
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[64] = "stale contents";
char snapshot[64];
size_t buffer_size = 64;

static void *clear_buffer(void *unused) {
  memset(shared_buffer, 0, buffer_size);
  return unused;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, clear_buffer, NULL);
  pthread_join(worker, NULL);
  size_t some = buffer_size / 4;
  memcpy(snapshot, shared_buffer + 1, some);
  printf("%d\n", snapshot[0]);
  return 0;
}
