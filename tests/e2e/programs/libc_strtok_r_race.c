// strtok_r cuts a command line into words, writing a terminator over each separator, while
// another thread reads the line: the terminator it stores is a write of the caller's line.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept strtok_r and reports nothing
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char line[32] = "copy from to";
int started;

static void *peek(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&started, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = line[4];  // RACE
  return (void *)(long)seen;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, peek, NULL);
  char *rest;
  char *word;
  word = strtok_r(line, " ", &rest);  // RACE
  __atomic_store_n(&started, 1, __ATOMIC_RELAXED);
  pthread_join(worker, NULL);
  printf("%s\n", word);
  return 0;
}
