// puts prints a message a thread wrote, after joining it: ordered, nothing to report.
// EXPECT: silent
// PRINTS: all is Well
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>

char message[32] = "all is well";

static void *change_message(void *unused) {
  (void)unused;
  message[7] = 'W';
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, change_message, NULL);
  pthread_join(worker, NULL);
  puts(message);
  return 0;
}
