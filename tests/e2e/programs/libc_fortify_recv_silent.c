// Requests handed to a worker over a socket pair: main fills a request, then sends a datagram
// naming it; the worker blocks in __recv_chk or __recvfrom_chk (recv's and recvfrom's fortified
// entry points, as gcc-built code calls them). Their return acquires what main did before its
// send, so the requests' fields are handed over without a race.
// EXPECT: silent
// PRINTS: total 30
// TSAN: differs clang-14's TSan does not intercept __recv_chk or __recvfrom_chk, so it misses the socket's ordering and reports the requests as racing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int requests[2];
static int sockets[2];
static long total;

static void *worker(void *arg) {
  char which[4];
  if (__recv_chk(sockets[0], which, 1, sizeof which, 0) != 1) return arg;
  total += requests[which[0] - '0'];
  if (__recvfrom_chk(sockets[0], which, 1, sizeof which, 0, NULL, NULL) != 1) return arg;
  total += requests[which[0] - '0'];
  return arg;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sockets) != 0) return 1;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  requests[0] = 10;
  if (send(sockets[1], "0", 1, 0) != 1) return 1;
  requests[1] = 20;
  if (send(sockets[1], "1", 1, 0) != 1) return 1;
  pthread_join(t, NULL);
  printf("total %ld\n", total);
  close(sockets[0]);
  close(sockets[1]);
  return 0;
}
