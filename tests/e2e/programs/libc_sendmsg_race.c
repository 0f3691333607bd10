// recvmsg scatters a datagram into two buffers while another thread reads the second one, with
// nothing ordering them: the bytes received into each buffer are a write of the caller's line.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/uio.h>

int sockets[2];
char header[4];
char body[16];
int received;

static void *receive(void *unused) {
  (void)unused;
  struct iovec parts[2] = {{header, sizeof header}, {body, sizeof body}};
  struct msghdr message = {0};
  message.msg_iov = parts;
  message.msg_iovlen = 2;
  ssize_t got;
  got = recvmsg(sockets[1], &message, 0);  // RACE
  __atomic_store_n(&received, got > 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sockets) != 0) return 1;
  static char datagram[] = "HDR:hello";
  struct iovec part = {datagram, sizeof datagram};
  struct msghdr message = {0};
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  if (sendmsg(sockets[0], &message, 0) < 0) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, receive, NULL);
  while (!__atomic_load_n(&received, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = body[1];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
