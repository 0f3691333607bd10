// libc_fortify_strncpy_race.c with the label handed over by joining the worker: __strncpy_chk,
// __stpcpy_chk and __strncat_chk are all checked, and nothing is reported.
// EXPECT: silent
// PRINTS: label: a label
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char label[32] = "unset";
// strncpy fills the whole label and the line is exactly as long as it gets: the fortified
// checks pass, and the calls are checked.
char line[15];
char prefix[16] = "label: ";
size_t label_limit = 32;

static void *set_label(void *text) {
  strncpy(label, (const char *)text, label_limit);
  return NULL;
}

int main(void) {
  static char text[32] = "a label";
  pthread_t worker;
  pthread_create(&worker, NULL, set_label, text);
  pthread_join(worker, NULL);
  stpcpy(line, prefix);
  strncat(line, label, label_limit / 2);
  printf("%s\n", line);
  return 0;
}
