// A fortified build: strncpy and strncat with limits the compiler does not know, and stpcpy,
// become __strncpy_chk, __strncat_chk and __stpcpy_chk. The worker sets a label with strncpy
// (which writes the whole limit, padding with NULs) while main builds a line from it with
// stpcpy and strncat, unordered (strncat reads the label).
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __strncpy_chk, __stpcpy_chk or __strncat_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char label[32] = "unset";
// strncpy fills the whole label and the line is exactly as long as it gets: the fortified
// checks pass, and the calls are checked.
char line[15];
char prefix[16] = "label: ";
size_t label_limit = 32;
int labelled;

static void *set_label(void *text) {
  strncpy(label, (const char *)text, label_limit);  // RACE
  __atomic_store_n(&labelled, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char text[32] = "a label";
  pthread_t worker;
  pthread_create(&worker, NULL, set_label, text);
  while (!__atomic_load_n(&labelled, __ATOMIC_RELAXED)) sched_yield();
  stpcpy(line, prefix);
  strncat(line, label, label_limit / 2);  // RACE
  pthread_join(worker, NULL);
  printf("%s\n", line);
  return 0;
}
