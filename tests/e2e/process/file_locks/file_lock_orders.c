// Processes taking file locks in orders that cross, for check_file_locks.py. Every mode gets the
// directory the lock files live in; lock names are files in it.
//
//   fork2 DIR            a forked child takes a then b and exits; then the parent takes b then a
//   fork3 DIR            children take a then b, b then c, one after the other; the parent c then a
//   fork-ordered DIR     child and parent both take a then b: no cycle
//   fork-gate DIR        child and parent both hold gate g, then take a/b in opposite orders
//   take FAMILY X Y DIR  take X then Y (FAMILY: flock, flock-shared (LOCK_SH), ofd or fcntl) and
//                        release them
//   fork-fcntl DIR       the parent holds a classic fcntl lock of a while a forked child takes
//                        b (the child does not inherit the lock: no order a -> b); later the
//                        parent takes b then a: no cycle
//   hang-fork DIR        parent and child each take one of a, b, then the other: both block
//   hang X Y ME OTHER DIR  take X, create marker ME, wait for marker OTHER, take Y (blocks)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir;
static const char *family = "flock";

static int open_lock(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  if (fd < 0) {
    perror(path);
    exit(3);
  }
  return fd;
}

static void lock_fd(int fd) {
  if (strcmp(family, "flock-shared") == 0) {
    flock(fd, LOCK_SH);  // LOCK
  } else if (strcmp(family, "flock") == 0) {
    flock(fd, LOCK_EX);  // LOCK
  } else {
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    fcntl(fd, strcmp(family, "ofd") == 0 ? F_OFD_SETLKW : F_SETLKW, &lock);  // LOCK
  }
}

static void unlock_fd(int fd) {
  if (strncmp(family, "flock", 5) == 0) {
    flock(fd, LOCK_UN);
  } else {
    struct flock lock = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    fcntl(fd, strcmp(family, "ofd") == 0 ? F_OFD_SETLK : F_SETLK, &lock);
  }
}

// Takes `first` then `second` and releases both.
static void take_pair(const char *first, const char *second) {
  int a = open_lock(first), b = open_lock(second);
  lock_fd(a);
  lock_fd(b);
  unlock_fd(b);
  unlock_fd(a);
  close(a);
  close(b);
}

static void in_child(const char *first, const char *second) {
  pid_t child = fork();
  if (child == 0) {
    take_pair(first, second);
    exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) exit(4);
}

static void wait_for_marker(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  while (access(path, F_OK) != 0) usleep(1000);
}

static void make_marker(const char *name) { close(open_lock(name)); }

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *mode = argv[1];
  dir = argv[argc - 1];
  if (strcmp(mode, "fork2") == 0) {
    in_child("a", "b");
    take_pair("b", "a");
  } else if (strcmp(mode, "fork3") == 0) {
    in_child("a", "b");
    in_child("b", "c");
    take_pair("c", "a");
  } else if (strcmp(mode, "fork-ordered") == 0) {
    in_child("a", "b");
    take_pair("a", "b");
  } else if (strcmp(mode, "fork-gate") == 0) {
    int gate = open_lock("g");
    pid_t child = fork();
    if (child == 0) {
      lock_fd(gate);
      take_pair("a", "b");
      unlock_fd(gate);
      exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    lock_fd(gate);
    take_pair("b", "a");
    unlock_fd(gate);
  } else if (strcmp(mode, "fork-fcntl") == 0) {
    family = "fcntl";
    int a = open_lock("a");
    lock_fd(a);
    pid_t child = fork();
    if (child == 0) {
      int b = open_lock("b");
      lock_fd(b);
      unlock_fd(b);
      exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    unlock_fd(a);
    take_pair("b", "a");
  } else if (strcmp(mode, "take") == 0 && argc == 6) {
    family = argv[2];
    take_pair(argv[3], argv[4]);
  } else if (strcmp(mode, "hang-fork") == 0) {
    int to_parent[2], to_child[2];
    if (pipe(to_parent) != 0 || pipe(to_child) != 0) return 5;
    pid_t child = fork();
    const int is_child = child == 0;
    int mine = open_lock(is_child ? "b" : "a"), theirs = open_lock(is_child ? "a" : "b");
    char byte = 0;
    lock_fd(mine);
    if (write(is_child ? to_parent[1] : to_child[1], &byte, 1) != 1) return 6;
    if (read(is_child ? to_child[0] : to_parent[0], &byte, 1) != 1) return 6;
    lock_fd(theirs);  // HANG
    return 0;
  } else if (strcmp(mode, "hang") == 0 && argc == 7) {
    int first = open_lock(argv[2]), second = open_lock(argv[3]);
    lock_fd(first);
    make_marker(argv[4]);
    wait_for_marker(argv[5]);
    lock_fd(second);  // HANG
    return 0;
  } else {
    return 2;
  }
  return 0;
}
