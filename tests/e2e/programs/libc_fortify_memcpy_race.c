// A fortified build (-D_FORTIFY_SOURCE=2): the destination's size is known and the length is
// not, so clang calls __memcpy_chk and __memmove_chk, which glibc implements without going
// through memcpy. The worker copies a record into a buffer while main moves part of it out,
// with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __memcpy_chk or __memmove_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[64];
char excerpt[64];
size_t record_size = 64;
int copied;

static void *copy_record(void *record) {
  memcpy(shared_buffer, record, record_size);  // RACE
  __atomic_store_n(&copied, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char record[64] = "a record of sixty-four bytes, more or less";
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, record);
  while (!__atomic_load_n(&copied, __ATOMIC_RELAXED)) sched_yield();
  size_t half = record_size / 2;
  memmove(excerpt, shared_buffer + 2, half);  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", excerpt[0]);
  return 0;
}
