// A fortified build: strcpy and strcat into buffers of known size, from strings the compiler
// cannot measure, become __strcpy_chk and __strcat_chk. The worker renames while main appends
// the name to a greeting, so strcat reads the bytes strcpy writes, unordered.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __strcpy_chk or __strcat_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

// Both copies exactly fill their destination: the fortified check passes, and they are checked.
char name[14] = "nobody";
char greeting[21] = "hello, ";
int renamed;

static void *rename_user(void *new_name) {
  strcpy(name, (const char *)new_name);  // RACE
  __atomic_store_n(&renamed, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char new_name[14] = "somebody else";
  pthread_t worker;
  pthread_create(&worker, NULL, rename_user, new_name);
  while (!__atomic_load_n(&renamed, __ATOMIC_RELAXED)) sched_yield();
  strcat(greeting, name);  // RACE
  pthread_join(worker, NULL);
  printf("%s\n", greeting);
  return 0;
}
