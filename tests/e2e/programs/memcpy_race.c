// The worker memcpy's a record into a shared buffer while main reads a field of it.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char shared_buffer[256];
int copied;

static void *copy_record(void *arg) {
  memcpy(shared_buffer, arg, sizeof shared_buffer);  // RACE
  __atomic_store_n(&copied, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  static char record[256];
  for (int i = 0; i < 256; ++i) record[i] = (char)('a' + i % 26);
  pthread_t worker;
  pthread_create(&worker, NULL, copy_record, record);
  while (!__atomic_load_n(&copied, __ATOMIC_RELAXED)) sched_yield();
  char seen = shared_buffer[100];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
