// A thread reads lines with getline and getdelim into a buffer that starts empty and that libc
// grows (through the program's realloc) for a long line; main reads and frees the buffer after
// joining it: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *line;
size_t capacity;
FILE *input;
ssize_t lengths[3];

static void *load_lines(void *unused) {
  (void)unused;
  lengths[0] = getline(&line, &capacity, input);
  lengths[1] = getdelim(&line, &capacity, ';', input);
  lengths[2] = getline(&line, &capacity, input);
  return NULL;
}

int main(void) {
  input = tmpfile();
  if (input == NULL) return 1;
  fputs("short\nfield;", input);
  for (int i = 0; i < 50; i++) fputs("a long line that outgrows the first buffer ", input);
  fputs("\n", input);
  rewind(input);
  pthread_t worker;
  pthread_create(&worker, NULL, load_lines, NULL);
  pthread_join(worker, NULL);
  printf("%zd %zd %zd %zu %c\n", lengths[0], lengths[1], lengths[2], strlen(line), line[5]);
  fclose(input);
  free(line);
  return 0;
}
