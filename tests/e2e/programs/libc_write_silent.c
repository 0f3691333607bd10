// write(2) sends a buffer the worker fills, with a mutex ordering the store and the send.
// EXPECT: silent
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

char packet[32] = "an outgoing packet";
pthread_mutex_t packet_lock = PTHREAD_MUTEX_INITIALIZER;

static void *stamp(void *unused) {
  (void)unused;
  pthread_mutex_lock(&packet_lock);
  packet[20] = '!';
  pthread_mutex_unlock(&packet_lock);
  return NULL;
}

int main(void) {
  int sink = open("/dev/null", O_WRONLY);
  if (sink < 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, stamp, NULL);
  pthread_mutex_lock(&packet_lock);
  ssize_t sent = write(sink, packet, sizeof packet);
  pthread_mutex_unlock(&packet_lock);
  pthread_join(worker, NULL);
  close(sink);
  printf("%zd\n", sent);
  return 0;
}
