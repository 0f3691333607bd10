// read(2) through its fortified entry point __read_chk, which glibc implements on its internal
// read: gcc emits it for a fortified read into a buffer of known size (clang-14 drops glibc's
// wrapper and calls read), so the program calls it the way such code does. The worker reads
// into a buffer that main reads, with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __read_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
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
  got = __read_chk(pipe_ends[0], message, sizeof message, sizeof message);  // RACE
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
