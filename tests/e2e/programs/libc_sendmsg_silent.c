// A thread fills a buffer, then sends it with sendmsg; main receives it with recvmsg (with room
// for ancillary data) and then reads the buffer the thread filled. The datagram orders them, as
// the kernel does: nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/uio.h>

int sockets[2];
char note[16];
char datagram[] = "HDR:hello";

static void *send_datagram(void *unused) {
  (void)unused;
  note[0] = 'n';  // read by main once the datagram arrived
  struct iovec parts[2] = {{datagram, 4}, {datagram + 4, sizeof datagram - 4}};
  struct msghdr message = {0};
  message.msg_iov = parts;
  message.msg_iovlen = 2;
  sendmsg(sockets[0], &message, 0);
  return NULL;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sockets) != 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, send_datagram, NULL);
  char received[32];
  char control[64];
  struct iovec part = {received, sizeof received};
  struct msghdr message = {0};
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const ssize_t got = recvmsg(sockets[1], &message, 0);
  const char seen = note[0];
  pthread_join(worker, NULL);
  printf("%zd %s %c\n", got, received, seen);
  return 0;
}
