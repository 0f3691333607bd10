// dup2 over a descriptor another thread is reading from: deliberate in daemons (/dev/null over
// stdin) and treated as TSan treats it, as no race: a dup2 onto an open number reads it.
// EXPECT: silent
// TSAN: same
// PRINTS: replaced
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int input;

static void *reader(void *unused) {
  (void)unused;
  char buffer[4];
  for (int i = 0; i < 100; i++)
    if (read(input, buffer, sizeof buffer) < 0) break;
  return NULL;
}

int main(void) {
  input = open("/dev/zero", O_RDONLY);
  int quiet = open("/dev/zero", O_RDONLY);
  if (input < 0 || quiet < 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, reader, NULL);
  if (dup2(quiet, input) < 0) return 1;
  pthread_join(worker, NULL);
  close(quiet);
  close(input);
  printf("replaced\n");
  return 0;
}
