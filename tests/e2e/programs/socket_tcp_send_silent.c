// A TCP loopback connection between two threads: the client fills in a request, then sends a
// byte; the server reads the request after receiving the byte, fills in a reply and sends a byte
// back, after which the client reads the reply. Each send orders what came before it with what
// follows the matching receive on the other end of the connection.
// EXPECT: silent
// TSAN: same
// PRINTS: reply 42
// ALSO AT: -O2
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int listener;
static int request;
static int reply;

static void *server(void *unused) {
  (void)unused;
  int connection = accept(listener, NULL, NULL);
  if (connection < 0) return NULL;
  char byte;
  if (recv(connection, &byte, 1, 0) != 1) return NULL;
  reply = request * 2;
  if (send(connection, "r", 1, 0) != 1) return NULL;
  close(connection);
  return NULL;
}

int main(void) {
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&address, size) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)&address, &size) != 0)
    return 1;
  pthread_t thread;
  pthread_create(&thread, NULL, server, NULL);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(client, (struct sockaddr *)&address, size) != 0) return 1;
  request = 21;
  if (send(client, "q", 1, 0) != 1) return 1;
  char byte;
  if (recv(client, &byte, 1, 0) != 1) return 1;
  printf("reply %d\n", reply);
  pthread_join(thread, NULL);
  close(client);
  close(listener);
  return 0;
}
