// The TCP exchange of socket_tcp_send_silent.c with the bug: the client sends first and fills in
// the request afterwards. The send orders only what the client did before it, so the server's
// read of the request races with the client's late write.
// EXPECT: data-race
// TSAN: same
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
  usleep(20000);  // let the client's late write come first: the race is reported either way
  reply = request * 2;  // RACE:SERVER
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
  if (send(client, "q", 1, 0) != 1) return 1;
  // The bug: the request is written after it was announced.
  request = 21;  // RACE:CLIENT
  char byte;
  if (recv(client, &byte, 1, 0) != 1) return 1;
  printf("reply %d\n", reply);
  pthread_join(thread, NULL);
  close(client);
  close(listener);
  return 0;
}
