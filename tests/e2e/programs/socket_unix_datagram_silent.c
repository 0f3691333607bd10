// Unix datagrams (abstract name) sent with sendmsg to the receiver's address, ten of them: each
// carries a slot number whose slot the sender filled in first; the receiver reads the slot.
// EXPECT: silent
// TSAN: same
// PRINTS: sum 45
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int receiver;
static int slots[10];

static void *consume(void *unused) {
  (void)unused;
  long sum = 0;
  for (int i = 0; i < 10; i++) {
    unsigned char slot;
    if (recv(receiver, &slot, 1, 0) != 1 || slot >= 10) return NULL;
    sum += slots[slot];
  }
  return (void *)sum;
}

int main(void) {
  struct sockaddr_un address = {0};
  address.sun_family = AF_UNIX;
  snprintf(address.sun_path + 1, sizeof address.sun_path - 1, "interlock-dgram-%d", getpid());
  socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
                               strlen(address.sun_path + 1));
  receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
  if (receiver < 0 || bind(receiver, (struct sockaddr *)&address, size) != 0) return 1;
  pthread_t thread;
  pthread_create(&thread, NULL, consume, NULL);
  int sender = socket(AF_UNIX, SOCK_DGRAM, 0);
  for (unsigned char i = 0; i < 10; i++) {
    slots[i] = i;
    struct iovec data = {&i, 1};
    struct msghdr message = {0};
    message.msg_name = &address;
    message.msg_namelen = size;
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    if (sendmsg(sender, &message, 0) != 1) return 1;
  }
  void *sum;
  pthread_join(thread, &sum);
  printf("sum %ld\n", (long)sum);
  close(sender);
  close(receiver);
  return 0;
}
