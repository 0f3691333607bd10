// Writers that append to one log are not racing: with O_APPEND each write lands whole at the end
// of the file, never over another's. Two threads each open the log with O_APPEND and write lines
// with no lock; two more share one descriptor opened without O_APPEND and write() lines at its
// position, which the kernel moves past each write (each call's bytes are its own). Silent; the
// log ends up with every line.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char append_path[64], shared_path[64];
static int shared_fd;

static void write_lines(int fd, long id) {
  char line[32];
  for (int i = 0; i < 200; i++) {
    const int length = snprintf(line, sizeof line, "writer %ld line %03d\n", id, i);
    if (write(fd, line, (size_t)length) != length) perror("write");
  }
}

static void *appender(void *arg) {
  int fd = open(append_path, O_WRONLY | O_APPEND);
  write_lines(fd, (long)arg);
  close(fd);
  return NULL;
}

static void *sharer(void *arg) {
  write_lines(shared_fd, (long)arg);
  return NULL;
}

int main(void) {
  snprintf(append_path, sizeof append_path, "/tmp/interlock-contents-append-%d", (int)getpid());
  snprintf(shared_path, sizeof shared_path, "/tmp/interlock-contents-shared-%d", (int)getpid());
  int keep = open(append_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  shared_fd = open(shared_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  pthread_t threads[4];
  for (long i = 0; i < 2; i++) pthread_create(&threads[i], NULL, appender, (void *)i);
  for (long i = 2; i < 4; i++) pthread_create(&threads[i], NULL, sharer, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
  struct stat appended, shared;
  fstat(keep, &appended);
  fstat(shared_fd, &shared);
  close(keep);
  close(shared_fd);
  unlink(append_path);
  unlink(shared_path);
  return appended.st_size == shared.st_size && appended.st_size == 2 * 200 * 18 ? 0 : 1;
}
