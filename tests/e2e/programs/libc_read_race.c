// read(2) fills a buffer in the worker while main reads the buffer: the kernel's copy into the
// program's memory is a write at the read call.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

char message[16];
int received;
int pipe_ends[2];

static void *receive(void *unused) {
  (void)unused;
  ssize_t got;
  got = read(pipe_ends[0], message, sizeof message);  // RACE
  __atomic_store_n(&received, got > 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  if (pipe(pipe_ends) != 0) return 1;
  static const char text[16] = "fifteen letters";
  if (write(pipe_ends[1], text, sizeof text) != sizeof text) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, receive, NULL);
  while (!__atomic_load_n(&received, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = message[3];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
