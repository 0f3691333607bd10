// read(2) fills a buffer in the worker; main reads the buffer only after joining it.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

char message[16];
int pipe_ends[2];

static void *receive(void *unused) {
  (void)unused;
  if (read(pipe_ends[0], message, sizeof message) <= 0) message[0] = '?';
  return NULL;
}

int main(void) {
  if (pipe(pipe_ends) != 0) return 1;
  static const char text[16] = "fifteen letters";
  if (write(pipe_ends[1], text, sizeof text) != sizeof text) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, receive, NULL);
  pthread_join(worker, NULL);
  printf("%c\n", message[3]);
  return 0;
}
