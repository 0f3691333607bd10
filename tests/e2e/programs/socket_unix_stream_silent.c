// A Unix stream socket (abstract name) between two threads, with write/read instead of
// send/recv and several messages: each message's payload is a global the writer fills in before
// writing the message, read by the other thread after reading it.
// EXPECT: silent
// TSAN: same
// PRINTS: total 4950
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int listener;
static int payload;
static long total;

static void *consumer(void *unused) {
  (void)unused;
  int connection = accept(listener, NULL, NULL);
  if (connection < 0) return NULL;
  for (int i = 0; i < 100; i++) {
    char byte;
    if (read(connection, &byte, 1) != 1) return NULL;
    total += payload;
    if (write(connection, "a", 1) != 1) return NULL;  // the payload may be reused
  }
  close(connection);
  return NULL;
}

int main(void) {
  struct sockaddr_un address = {0};
  address.sun_family = AF_UNIX;
  snprintf(address.sun_path + 1, sizeof address.sun_path - 1, "interlock-unix-%d", getpid());
  socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
                               strlen(address.sun_path + 1));
  listener = socket(AF_UNIX, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&address, size) != 0 ||
      listen(listener, 1) != 0)
    return 1;
  pthread_t thread;
  pthread_create(&thread, NULL, consumer, NULL);
  int producer = socket(AF_UNIX, SOCK_STREAM, 0);
  if (connect(producer, (struct sockaddr *)&address, size) != 0) return 1;
  for (int i = 0; i < 100; i++) {
    payload = i;
    if (write(producer, "p", 1) != 1) return 1;
    char byte;
    if (read(producer, &byte, 1) != 1) return 1;
  }
  pthread_join(thread, NULL);
  printf("total %ld\n", total);
  close(producer);
  close(listener);
  return 0;
}
