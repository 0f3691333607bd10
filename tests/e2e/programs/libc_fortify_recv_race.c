// recv(2) through its fortified entry point __recv_chk (what gcc-built code calls for a recv
// into a buffer of known size): the worker receives a datagram into a buffer while main reads
// the buffer, with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __recv_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

char datagram[16];
int received;
int sockets[2];

static void *receive(void *unused) {
  (void)unused;
  ssize_t got;
  got = __recv_chk(sockets[0], datagram, sizeof datagram, sizeof datagram, 0);  // RACE
  __atomic_store_n(&received, got > 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sockets) != 0) return 1;
  static const char text[16] = "a datagram";
  if (send(sockets[1], text, sizeof text, 0) != sizeof text) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, receive, NULL);
  while (!__atomic_load_n(&received, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = datagram[2];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
