// socket_udp_sendto_silent.c with the bug: the client sends its datagram first and fills in the
// request afterwards. The datagram orders only what came before the sendto, so the server's
// read of the request races with the client's late write.
// EXPECT: data-race
// TSAN: same
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
  usleep(20000);  // let the client's late write come first: the race is reported either way
  reply = request * 2;  // RACE:SERVER
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
  if (sendto(client, "q", 1, 0, (struct sockaddr *)&address, size) != 1) return 1;
  // The bug: the request is written after it was sent.
  request = 21;  // RACE:CLIENT
  char byte;
  if (recv(client, &byte, 1, 0) != 1) return 1;
  printf("reply %d\n", reply);
  pthread_join(thread, NULL);
  close(client);
  close(server_socket);
  return 0;
}
