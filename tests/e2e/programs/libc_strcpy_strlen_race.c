// strcpy writes a name while another thread measures it with strlen: the library reads and
// writes the bytes on the program's behalf, and both calls are the program's lines.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char name[32] = "nobody";
int renamed;

static void *rename_user(void *new_name) {
  strcpy(name, (const char *)new_name);  // RACE
  __atomic_store_n(&renamed, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char new_name[32] = "somebody else";
  pthread_t worker;
  pthread_create(&worker, NULL, rename_user, new_name);
  while (!__atomic_load_n(&renamed, __ATOMIC_RELAXED)) sched_yield();
  size_t length;
  length = strlen(name);  // RACE
  pthread_join(worker, NULL);
  printf("%zu\n", length);
  return 0;
}
