// A worker writes into a pipe while main closes the pipe's write end: main waits for the write
// only through a relaxed flag, which orders nothing, so the close races with the write on the
// descriptor itself (what if the number were reused for another file before the write ran?).
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int ends[2];
static atomic_int written;

static void *producer(void *unused) {
  (void)unused;
  char byte = 'x';
  if (write(ends[1], &byte, 1) != 1) return NULL;  // RACE:USE
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  if (pipe(ends) != 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, producer, NULL);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  close(ends[1]);  // RACE:CLOSE
  pthread_join(worker, NULL);
  char byte;
  printf("read %zd\n", read(ends[0], &byte, 1));
  close(ends[0]);
  return 0;
}
