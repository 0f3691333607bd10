// A worker sends on one end of a socket pair; another thread closes that end once a relaxed
// flag says the send happened. Nothing orders the close after the send: a race on the
// descriptor, reported at the send and the close.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int ends[2];
static atomic_int sent;

static void *sender(void *unused) {
  (void)unused;
  static const char message[] = "hello";
  ssize_t n = send(ends[0], message, sizeof message, 0);  // RACE:USE
  atomic_store_explicit(&sent, 1, memory_order_relaxed);
  return (void *)n;
}

static void *closer(void *unused) {
  (void)unused;
  while (!atomic_load_explicit(&sent, memory_order_relaxed)) {
  }
  close(ends[0]);  // RACE:CLOSE
  return NULL;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, ends) != 0) return 1;
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, sender, NULL);
  pthread_create(&threads[1], NULL, closer, NULL);
  pthread_join(threads[0], NULL);
  pthread_join(threads[1], NULL);
  char buffer[8];
  printf("received %zd\n", recv(ends[1], buffer, sizeof buffer, 0));
  close(ends[1]);
  return 0;
}
