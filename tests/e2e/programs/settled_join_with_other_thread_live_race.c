// A joined thread's accesses are settled only when its joiner is left alone. Here main joins a
// writer while a reader still runs, then stores one byte of the word the writer wrote whole;
// the reader, with nothing ordering it after the writer, then reads another byte of the word:
// a race with the writer's write, which the detector must still hold for that byte after
// main's byte replaced it for the other one.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t word;
static int byte_written;

static void *write_word(void *unused) {
  (void)unused;
  word = 0x0707070707070707u;  // RACE
  return NULL;
}

static void *read_byte(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&byte_written, __ATOMIC_RELAXED)) sched_yield();
  return (void *)(uintptr_t)((volatile unsigned char *)&word)[5];  // RACE
}

int main(void) {
  pthread_t reader, writer;
  pthread_create(&reader, NULL, read_byte, NULL);
  pthread_create(&writer, NULL, write_word, NULL);
  pthread_join(writer, NULL);
  ((volatile unsigned char *)&word)[3] = 9;
  __atomic_store_n(&byte_written, 1, __ATOMIC_RELAXED);
  void *seen;
  pthread_join(reader, &seen);
  printf("%lu\n", (unsigned long)(uintptr_t)seen);
  return 0;
}
