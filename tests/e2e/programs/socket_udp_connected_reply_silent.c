// A UDP client connects its socket to the server and sends with send (no address); the server
// fills in the reply and sends it back with sendto to where the request came from. The client's
// receive orders the server's reply data with the client's read of it (connect bound the
// client's socket, so its receives acquire what is sent to its address).
// EXPECT: silent
// TSAN: same
// PRINTS: reply 7
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int server_socket;
static int reply;

static void *server(void *unused) {
  (void)unused;
  struct sockaddr_in from;
  socklen_t from_size = sizeof from;
  char byte;
  if (recvfrom(server_socket, &byte, 1, 0, (struct sockaddr *)&from, &from_size) != 1)
    return NULL;
  reply = 7;
  sendto(server_socket, "r", 1, 0, (struct sockaddr *)&from, from_size);
  return NULL;
}

int main(void) {
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  server_socket = socket(AF_INET, SOCK_DGRAM, 0);
  if (server_socket < 0 || bind(server_socket, (struct sockaddr *)&address, size) != 0 ||
      getsockname(server_socket, (struct sockaddr *)&address, &size) != 0)
    return 1;
  pthread_t thread;
  pthread_create(&thread, NULL, server, NULL);
  int client = socket(AF_INET, SOCK_DGRAM, 0);
  if (connect(client, (struct sockaddr *)&address, size) != 0) return 1;
  if (send(client, "q", 1, 0) != 1) return 1;
  char byte;
  if (recv(client, &byte, 1, 0) != 1) return 1;
  printf("reply %d\n", reply);
  pthread_join(thread, NULL);
  close(client);
  close(server_socket);
  return 0;
}
