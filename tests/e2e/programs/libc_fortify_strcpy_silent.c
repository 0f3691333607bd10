// libc_fortify_strcpy_race.c with the rename and the greeting under one mutex: __strcpy_chk
// and __strcat_chk are both checked, and nothing is reported.
// EXPECT: silent
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// Both copies exactly fill their destination: the fortified check passes, and they are checked.
char name[14] = "nobody";
char greeting[21] = "hello, ";
pthread_mutex_t name_lock = PTHREAD_MUTEX_INITIALIZER;

static void *rename_user(void *new_name) {
  pthread_mutex_lock(&name_lock);
  strcpy(name, (const char *)new_name);
  pthread_mutex_unlock(&name_lock);
  return NULL;
}

int main(void) {
  static char new_name[14] = "somebody else";
  pthread_t worker;
  pthread_create(&worker, NULL, rename_user, new_name);
  pthread_mutex_lock(&name_lock);
  strcat(greeting, name);
  pthread_mutex_unlock(&name_lock);
  pthread_join(worker, NULL);
  printf("%d\n", greeting[7] == 'n' || greeting[7] == 's');
  return 0;
}
