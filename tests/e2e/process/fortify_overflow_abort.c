// A fortified memcpy (__memcpy_chk) that overflows its destination, on a thread Interlock
// watches: glibc's own check must still stop the program exactly as it does without Interlock
// (its message, SIGABRT), with no report. check_fortify_abort.py builds it with and without
// Interlock and compares the two runs.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char small_buffer[16];
size_t copy_size = 48;

static void *overflow(void *source) {
  memcpy(small_buffer, source, copy_size);
  puts("the overflow was not stopped");
  return NULL;
}

int main(void) {
  static char source[64] = "forty-eight bytes do not fit into sixteen";
  puts("copying");
  fflush(stdout);
  pthread_t worker;
  pthread_create(&worker, NULL, overflow, source);
  pthread_join(worker, NULL);
  return 0;
}
