// memcpy as a real library call (-fno-builtin: no intrinsic for the plugin to replace), so the
// interceptor checks it: the worker copies into a buffer main reads with nothing ordering them.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[64];
int copied;

static void *copy_record(void *record) {
  memcpy(shared_buffer, record, sizeof shared_buffer);  // RACE
  __atomic_store_n(&copied, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char record[64] = "a record of sixty-four bytes, more or less";
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, record);
  while (!__atomic_load_n(&copied, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  memcpy(&seen, shared_buffer + 9, 1);  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
