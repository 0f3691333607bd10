// File contents across fork: the parent opens a counter file (and keeps it open) and a thread of
// its bumps the counter under flock; then it forks, and the parent and the child each run
// threads that bump the counter under flock through descriptors they open themselves (the child
// also through the inherited one). The child keeps the parent's model
// of the file and its own order; neither report has a finding, and the fork does not hang on the
// file-contents model's lock.
// EXPECT: silent
// PROCESSES: 2
// PRINTS: child exit status 0, parent count ok
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[64];

static void bump(int fd) {
  flock(fd, LOCK_EX);
  unsigned count = 0;
  if (pread(fd, &count, sizeof count, 0) != sizeof count) count = 0;
  count++;
  if (pwrite(fd, &count, sizeof count, 0) != sizeof count) perror("pwrite");
  flock(fd, LOCK_UN);
}

static void *bumper(void *unused) {
  int fd = open(path, O_RDWR);
  for (int i = 0; i < 50; i++) bump(fd);
  close(fd);
  return unused;
}

static void run_bumpers(int count) {
  pthread_t threads[3];
  for (int i = 0; i < count; ++i) pthread_create(&threads[i], NULL, bumper, NULL);
  for (int i = 0; i < count; ++i) pthread_join(threads[i], NULL);
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/interlock-fork-contents-%d", (int)getpid());
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  run_bumpers(1);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    run_bumpers(3);
    bump(fd);
    exit(0);
  }
  run_bumpers(2);
  int status = 0;
  waitpid(child, &status, 0);
  unsigned count = 0;
  if (pread(fd, &count, sizeof count, 0) != sizeof count) return 1;
  printf("child exit status %d, parent count %s\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
         count == 50 + 150 + 1 + 100 ? "ok" : "wrong");
  close(fd);
  unlink(path);
  return 0;
}
