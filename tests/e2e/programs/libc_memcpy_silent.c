// The same copies as libc_memcpy_race.c, ordered by a mutex: both go through the memcpy
// interceptor (-fno-builtin) and nothing is reported.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[64];
pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;

static void *copy_record(void *record) {
  pthread_mutex_lock(&buffer_lock);
  memcpy(shared_buffer, record, sizeof shared_buffer);
  pthread_mutex_unlock(&buffer_lock);
  return NULL;
}

int main(void) {
  static char record[64] = "a record of sixty-four bytes, more or less";
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, record);
  char seen;
  pthread_mutex_lock(&buffer_lock);
  memcpy(&seen, shared_buffer + 9, 1);
  pthread_mutex_unlock(&buffer_lock);
  pthread_join(worker, NULL);
  printf("%d\n", seen == 0 || seen == 'x');
  return 0;
}
