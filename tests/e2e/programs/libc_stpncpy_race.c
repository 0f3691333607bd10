// stpncpy copies a name (and pads the rest of the buffer with NULs) while another thread reads
// the buffer's last byte, which only the padding touches: the whole padded buffer is written.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept stpncpy and reports nothing
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char name[16] = "xxxxxxxxxxxxxxx";
int copied;

static void *copy_name(void *unused) {
  (void)unused;
  stpncpy(name, "bob", sizeof name);  // RACE
  __atomic_store_n(&copied, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, copy_name, NULL);
  while (!__atomic_load_n(&copied, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = name[14];  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", seen);
  return 0;
}
