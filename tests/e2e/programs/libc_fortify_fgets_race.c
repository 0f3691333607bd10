// fgets through its fortified entry point __fgets_chk, which glibc implements on its internal
// line reader: gcc emits it for a fortified fgets into a buffer of known size (clang-14 drops
// glibc's wrapper and calls fgets), so the program calls it the way such code does. The worker
// reads a line into a buffer while main reads the buffer, with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __fgets_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char line[32];
FILE *input;
int loaded;

static void *load_line(void *unused) {
  (void)unused;
  char *got;
  got = __fgets_chk(line, sizeof line, sizeof line, input);  // RACE
  __atomic_store_n(&loaded, got != NULL, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  input = tmpfile();
  if (input == NULL) return 1;
  if (fputs("first line\nsecond line\n", input) < 0) return 1;
  rewind(input);
  pthread_t worker;
  pthread_create(&worker, NULL, load_line, NULL);
  while (!__atomic_load_n(&loaded, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = line[4];  // RACE
  pthread_join(worker, NULL);
  fclose(input);
  printf("%c\n", seen);
  return 0;
}
