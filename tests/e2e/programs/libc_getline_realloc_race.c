// getline grows a buffer too small for the line: libc reallocates it through the program's
// realloc, which frees the old block at getline's line while another thread's write to that
// block is unordered with it.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

char *line;
size_t capacity = 4;
FILE *input;
int marked;

static void *load_line(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&marked, __ATOMIC_RELAXED)) sched_yield();
  ssize_t got;
  got = getline(&line, &capacity, input);  // RACE
  return (void *)got;
}

int main(void) {
  line = malloc(capacity);
  input = tmpfile();
  if (line == NULL || input == NULL) return 1;
  if (fputs("a line longer than four bytes\n", input) < 0) return 1;
  rewind(input);
  char *const first_buffer = line;
  pthread_t worker;
  pthread_create(&worker, NULL, load_line, NULL);
  first_buffer[0] = 'x';  // RACE
  __atomic_store_n(&marked, 1, __ATOMIC_RELAXED);
  pthread_join(worker, NULL);
  printf("%s", line);
  fclose(input);
  free(line);
  return 0;
}
