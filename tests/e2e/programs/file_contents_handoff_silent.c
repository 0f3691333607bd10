// File contents handed over the ways memory is: a worker writes a file and main reads it after
// the join; main writes a file and a thread it starts afterwards reads it; a producer writes a
// record, then signals a consumer through a mutex and condition variable, and the consumer reads
// the record through its own descriptor. Pipes, stdout and a socket pair written by two threads
// are not files: never looked at. Silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static char path[64];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;
static int ends[2], pair[2];

static void *write_then_exit(void *unused) {
  int fd = open(path, O_WRONLY);
  if (pwrite(fd, "from worker", 11, 0) != 11) perror("pwrite");
  close(fd);
  return unused;
}

static void *read_started(void *unused) {
  int fd = open(path, O_RDONLY);
  char text[16];
  if (pread(fd, text, 11, 0) != 11) perror("pread");
  close(fd);
  return unused;
}

static void *producer(void *unused) {
  int fd = open(path, O_WRONLY);
  if (pwrite(fd, "record two", 10, 32) != 10) perror("pwrite");
  close(fd);
  pthread_mutex_lock(&mutex);
  ready = 1;
  pthread_cond_signal(&ready_cond);
  pthread_mutex_unlock(&mutex);
  return unused;
}

static void *consumer(void *unused) {
  pthread_mutex_lock(&mutex);
  while (!ready) pthread_cond_wait(&ready_cond, &mutex);
  pthread_mutex_unlock(&mutex);
  int fd = open(path, O_RDONLY);
  char text[16];
  if (pread(fd, text, 10, 32) != 10) perror("pread");
  close(fd);
  return unused;
}

static void *chatter(void *unused) {
  for (int i = 0; i < 50; i++) {
    if (write(ends[1], "p", 1) != 1) perror("write pipe");
    if (write(pair[0], "s", 1) != 1) perror("write socket");
    if (write(1, "", 0) != 0) perror("write stdout");
  }
  return unused;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-contents-handoff-%d", (int)getpid());
  int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  pthread_t t, u;
  pthread_create(&t, NULL, write_then_exit, NULL);
  pthread_join(t, NULL);
  char text[16];
  if (pread(keep, text, 11, 0) != 11) return 1;
  if (pwrite(keep, "from main!!", 11, 0) != 11) return 1;
  pthread_create(&t, NULL, read_started, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, producer, NULL);
  pthread_create(&u, NULL, consumer, NULL);
  pthread_join(t, NULL);
  pthread_join(u, NULL);
  if (pipe(ends) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return 1;
  pthread_create(&t, NULL, chatter, NULL);
  pthread_create(&u, NULL, chatter, NULL);
  pthread_join(t, NULL);
  pthread_join(u, NULL);
  printf("handed over\n");
  close(keep);
  unlink(path);
  return 0;
}
