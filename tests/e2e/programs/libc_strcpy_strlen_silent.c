// strcpy in a thread, strlen and strcmp after joining it: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char name[32] = "nobody";

static void *rename_user(void *new_name) {
  strcpy(name, (const char *)new_name);
  return NULL;
}

int main(void) {
  static char new_name[32] = "somebody else";
  pthread_t worker;
  pthread_create(&worker, NULL, rename_user, new_name);
  pthread_join(worker, NULL);
  size_t length = strlen(name);
  int same = strcmp(name, new_name) == 0;
  printf("%zu %d\n", length, same);
  return 0;
}
