// A producer writes `data`, then a byte into a pipe; main reads the byte and then `data`: the
// pipe orders them. In between, main vforks a child that closes both pipe ends and exits. A
// vfork child shares the parent's memory, so a close() modelled inside it would erase the pipe's
// ordering in the parent too, and main's read of `data` would look unordered. Silent.
// EXPECT: silent
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int data;
static int fds[2];
static int byte_written;

static void *producer(void *unused) {
  (void)unused;
  data = 42;
  if (write(fds[1], "x", 1) != 1) return NULL;
  __atomic_store_n(&byte_written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  if (pipe(fds) != 0) return 1;
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  pthread_detach(thread);  // a join would order `data` by itself
  while (!__atomic_load_n(&byte_written, __ATOMIC_RELAXED)) sched_yield();
  pid_t child = vfork();
  if (child == 0) {
    close(fds[0]);
    close(fds[1]);
    _exit(0);
  }
  waitpid(child, NULL, 0);
  char byte;
  if (read(fds[0], &byte, 1) != 1) return 1;
  printf("data %d\n", data);
  return 0;
}
