// connect orders what the connecting thread did before it with the accepting thread's return
// from accept: the client publishes its settings, connects and sends nothing; the server reads
// the settings as soon as accept returns. Unix socket bound to a path.
// EXPECT: silent
// TSAN: same
// PRINTS: settings 7
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int listener;
static int settings;
static int seen;

static void *server(void *unused) {
  (void)unused;
  int connection = accept(listener, NULL, NULL);
  if (connection < 0) return NULL;
  seen = settings;
  close(connection);
  return NULL;
}

int main(void) {
  struct sockaddr_un address = {0};
  address.sun_family = AF_UNIX;
  snprintf(address.sun_path, sizeof address.sun_path, "/tmp/interlock-accept-%d.sock", getpid());
  unlink(address.sun_path);
  listener = socket(AF_UNIX, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
      listen(listener, 1) != 0)
    return 1;
  pthread_t thread;
  pthread_create(&thread, NULL, server, NULL);
  settings = 7;
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  if (connect(client, (struct sockaddr *)&address, sizeof address) != 0) return 1;
  pthread_join(thread, NULL);
  printf("settings %d\n", seen);
  close(client);
  close(listener);
  unlink(address.sun_path);
  return 0;
}
