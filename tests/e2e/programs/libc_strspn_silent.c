// strspn, strcspn and strpbrk stop at what they find: a thread edits the line past the first
// separator while main's searches end before it, and the last searches run after the join.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char line[32] = "  key=value";
int edited;

static void *edit_value(void *unused) {
  (void)unused;
  line[8] = 'L';
  __atomic_store_n(&edited, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, edit_value, NULL);
  while (!__atomic_load_n(&edited, __ATOMIC_RELAXED)) sched_yield();
  size_t blanks = strspn(line, " ");
  size_t key = strcspn(line + blanks, "=");
  char *separator = strpbrk(line, "=:");
  pthread_join(worker, NULL);
  size_t value = strlen(separator + 1);
  printf("%zu %zu %zu %s\n", blanks, key, value, strpbrk(line, "L"));
  return 0;
}
