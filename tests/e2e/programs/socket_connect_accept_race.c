// connect orders only what the client did before it: here the client connects over TCP and then
// publishes its settings, which the server reads as soon as accept returns: a race.
// EXPECT: data-race
// TSAN: same
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int listener;
static int settings;
static int seen;

static void *server(void *unused) {
  (void)unused;
  int connection = accept(listener, NULL, NULL);
  if (connection < 0) return NULL;
  usleep(20000);  // let the client's late write come first: the race is reported either way
  seen = settings;  // RACE:SERVER
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
  // The bug: the settings are published after connecting.
  settings = 7;  // RACE:CLIENT
  pthread_join(thread, NULL);
  printf("settings %d\n", seen);
  close(client);
  close(listener);
  return 0;
}
