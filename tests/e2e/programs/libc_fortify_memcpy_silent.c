// The fortified copies of libc_fortify_memcpy_race.c (__memcpy_chk, __memmove_chk), ordered by
// a mutex: both are checked, and nothing is reported.
// EXPECT: silent
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[64];
char excerpt[64];
size_t record_size = 64;
pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;

static void *copy_record(void *record) {
  pthread_mutex_lock(&buffer_lock);
  memcpy(shared_buffer, record, record_size);
  pthread_mutex_unlock(&buffer_lock);
  return NULL;
}

int main(void) {
  static char record[64] = "a record of sixty-four bytes, more or less";
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, record);
  size_t half = record_size / 2;
  pthread_mutex_lock(&buffer_lock);
  memmove(excerpt, shared_buffer + 2, half);
  pthread_mutex_unlock(&buffer_lock);
  pthread_join(worker, NULL);
  printf("%d\n", excerpt[0] == 0 || excerpt[0] == 'r');
  return 0;
}
