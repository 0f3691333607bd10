// mempcpy copies a record into a buffer while another thread reads the buffer, with nothing
// ordering them: the bytes copied are a write of the caller's line.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept mempcpy and reports nothing
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char record[16];
int copied;

static void *copy_record(void *source) {
  char *end;
  end = mempcpy(record, source, 8);  // RACE
  *end = '\0';
  __atomic_store_n(&copied, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char source[16] = "abcdefgh";
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, source);
  while (!__atomic_load_n(&copied, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = record[3];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
