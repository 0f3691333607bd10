// -O2: a worker reads a file main opened; main closes it once a relaxed flag says the read is
// done. The flag orders nothing, so the close races with the read on the descriptor.
// EXPECT: data-race
// TSAN: same
// ARGS: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int source;
static atomic_int done;

static void *reader(void *unused) {
  (void)unused;
  char buffer[16];
  ssize_t got = read(source, buffer, sizeof buffer);  // RACE:USE
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return (void *)got;
}

int main(void) {
  source = open("/dev/zero", O_RDONLY);
  if (source < 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, reader, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
  }
  close(source);  // RACE:CLOSE
  void *got;
  pthread_join(worker, &got);
  printf("read %ld\n", (long)got);
  return 0;
}
