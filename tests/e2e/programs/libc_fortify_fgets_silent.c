// libc_fortify_fgets_race.c with main joining the worker before it reads the line __fgets_chk
// filled: nothing is reported.
// EXPECT: silent
// PRINTS: line: first line
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>

char line[32];
FILE *input;

static void *load_line(void *unused) {
  if (__fgets_chk(line, sizeof line, sizeof line, input) == NULL) line[0] = '\0';
  return unused;
}

int main(void) {
  input = tmpfile();
  if (input == NULL) return 1;
  if (fputs("first line\nsecond line\n", input) < 0) return 1;
  rewind(input);
  pthread_t worker;
  pthread_create(&worker, NULL, load_line, NULL);
  pthread_join(worker, NULL);
  fclose(input);
  printf("line: %s", line);
  return 0;
}
