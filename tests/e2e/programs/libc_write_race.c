// write(2) sends a buffer the worker is still filling: the kernel's copy out of the program's
// memory is a read at the write call, racing with the worker's store.
// EXPECT: data-race
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

char packet[32] = "an outgoing packet";

static void *stamp(void *unused) {
  (void)unused;
  packet[20] = '!';  // RACE
  return NULL;
}

int main(void) {
  int sink = open("/dev/null", O_WRONLY);
  if (sink < 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, stamp, NULL);
  ssize_t sent;
  sent = write(sink, packet, sizeof packet);  // RACE
  pthread_join(worker, NULL);
  close(sink);
  printf("%zd\n", sent);
  return 0;
}
