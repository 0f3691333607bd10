// getline reads a line into a buffer while another thread reads the buffer, with nothing
// ordering them: the line and its terminator are a write of the caller's line.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

char *line;
size_t capacity = 64;
FILE *input;
int loaded;

static void *load_line(void *unused) {
  (void)unused;
  ssize_t got;
  got = getline(&line, &capacity, input);  // RACE
  __atomic_store_n(&loaded, got > 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  line = malloc(capacity);  // big enough: getline keeps this buffer
  input = tmpfile();
  if (line == NULL || input == NULL) return 1;
  if (fputs("first line\nsecond line\n", input) < 0) return 1;
  rewind(input);
  char *const buffer = line;  // main reads the block, not the pointer getline may store
  pthread_t worker;
  pthread_create(&worker, NULL, load_line, NULL);
  while (!__atomic_load_n(&loaded, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = buffer[3];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  fclose(input);
  free(line);
  return 0;
}
