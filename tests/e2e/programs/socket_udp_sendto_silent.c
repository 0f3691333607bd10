// UDP between two threads: the server socket is bound to the wildcard address, the client sends
// a datagram to 127.0.0.1 at that port from an unbound socket, and the server replies to the
// address the datagram came from. What each side wrote before its sendto is ordered with what
// the other reads after receiving the datagram.
// EXPECT: silent
// TSAN: differs TSan's recvfrom acquires nothing from the socket, so it reports the request that the datagram announced
// PRINTS: reply 42
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int server_socket;
static int request;
static int reply;

static void *server(void *unused) {
  (void)unused;
  struct sockaddr_in from;
  socklen_t from_size = sizeof from;
  char byte;
  if (recvfrom(server_socket, &byte, 1, 0, (struct sockaddr *)&from, &from_size) != 1)
    return NULL;
  reply = request * 2;
  sendto(server_socket, "r", 1, 0, (struct sockaddr *)&from, from_size);
  return NULL;
}

int main(void) {
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  socklen_t size = sizeof address;
  server_socket = socket(AF_INET, SOCK_DGRAM, 0);
  if (server_socket < 0 || bind(server_socket, (struct sockaddr *)&address, size) != 0 ||
      getsockname(server_socket, (struct sockaddr *)&address, &size) != 0)
    return 1;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  pthread_t thread;
  pthread_create(&thread, NULL, server, NULL);
  int client = socket(AF_INET, SOCK_DGRAM, 0);
  request = 21;
  if (sendto(client, "q", 1, 0, (struct sockaddr *)&address, size) != 1) return 1;
  char byte;
  if (recv(client, &byte, 1, 0) != 1) return 1;
  printf("reply %d\n", reply);
  pthread_join(thread, NULL);
  close(client);
  close(server_socket);
  return 0;
}
