// What the main thread did before it started its first thread is known to every later access;
// what it did after is not. Here it starts a reader first, then writes a whole word, then starts
// a writer that stores one byte of the word (ordered after the main thread's write). The reader,
// with nothing ordering it after the main thread's write, then reads another byte of the word:
// a race with the main thread's write, which the detector must still hold for that byte after
// the writer's byte replaced it for the other one.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t word;
static int byte_written;

static void *read_byte(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&byte_written, __ATOMIC_RELAXED)) sched_yield();
  return (void *)(uintptr_t)((volatile unsigned char *)&word)[5];  // RACE
}

static void *write_byte(void *unused) {
  (void)unused;
  ((volatile unsigned char *)&word)[3] = 9;
  __atomic_store_n(&byte_written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t reader, writer;
  pthread_create(&reader, NULL, read_byte, NULL);
  word = 0x0707070707070707u;  // RACE
  pthread_create(&writer, NULL, write_byte, NULL);
  void *seen;
  pthread_join(writer, NULL);
  pthread_join(reader, &seen);
  printf("%lu\n", (unsigned long)(uintptr_t)seen);
  return 0;
}
