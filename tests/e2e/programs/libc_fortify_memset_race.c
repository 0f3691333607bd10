// A fortified build: memset with a length the compiler does not know becomes __memset_chk. The
// worker clears a buffer while main copies it out through __memcpy_chk, unordered.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __memset_chk or __memcpy_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[64] = "stale contents";
char snapshot[64];
size_t buffer_size = 64;
int cleared;

static void *clear_buffer(void *unused) {
  memset(shared_buffer, 0, buffer_size);  // RACE
  __atomic_store_n(&cleared, 1, __ATOMIC_RELAXED);
  return unused;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, clear_buffer, NULL);
  while (!__atomic_load_n(&cleared, __ATOMIC_RELAXED)) sched_yield();
  size_t some = buffer_size / 4;
  memcpy(snapshot, shared_buffer + 1, some);  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", snapshot[0]);
  return 0;
}
