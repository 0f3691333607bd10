// mempcpy and stpncpy in a thread, the buffers read after joining it: ordered, nothing to
// report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char record[16];
char name[16];

static void *copy_record(void *source) {
  char *end = mempcpy(record, source, 8);
  *end = '\0';
  stpncpy(name, "short", sizeof name);
  return NULL;
}

int main(void) {
  static char source[16] = "abcdefgh";
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, source);
  pthread_join(worker, NULL);
  printf("%s %s\n", record, name);
  return 0;
}
