// Processes reading and writing one file's bytes, for check_file_contents.py: a sequence number
// kept in a file, bumped with pread and pwrite (a lost update when two processes interleave).
// Every mode gets the file's path; it must exist (bump_init creates it). LOCK is how each bump
// is guarded: none, flock (LOCK_EX), fcntl (F_SETLKW over the number's bytes), lockf (F_LOCK),
// ofd (F_OFD_SETLKW).
//
//   init PATH                  creates the file with number 0
//   bump PATH LOCK N [ME OTHER...]  bumps N times (one process; started separately, others
//                              share PATH); with markers, first creates file ME and waits for
//                              every OTHER, so that the processes run at the same time (one that
//                              began after another ended is ordered after it)
//   fork PATH LOCK N CHILDREN  forks CHILDREN children; each of them and the parent bump N
//                              times; the parent then waits for them. LOCK "mixed": the
//                              children bump under flock, the parent without a lock
//   fork-disjoint PATH N       parent bumps bytes 0-7, a forked child bytes 8-15, no lock
//   fork-readers PATH          the parent writes, then forks; child and parent only read
//   fork-handoff PATH          the parent writes, then forks; the child reads and bumps
//   fork-wait PATH             a forked child writes; the parent waits (waitpid, then wait for a
//                              second child) and reads and bumps after each
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static int open_file(const char *path) {
  int fd = open(path, O_RDWR);
  if (fd < 0) {
    perror(path);
    exit(3);
  }
  return fd;
}

static void guard(int fd, const char *lock, int on) {
  if (strcmp(lock, "flock") == 0) {
    flock(fd, on ? LOCK_EX : LOCK_UN);
  } else if (strcmp(lock, "fcntl") == 0 || strcmp(lock, "ofd") == 0) {
    struct flock range = {.l_type = on ? F_WRLCK : F_UNLCK, .l_whence = SEEK_SET, .l_start = 0,
                          .l_len = 8};
    int blocking = strcmp(lock, "ofd") == 0 ? F_OFD_SETLKW : F_SETLKW;
    fcntl(fd, on ? blocking : (strcmp(lock, "ofd") == 0 ? F_OFD_SETLK : F_SETLK), &range);
  } else if (strcmp(lock, "lockf") == 0) {
    lseek(fd, 0, SEEK_SET);
    lockf(fd, on ? F_LOCK : F_ULOCK, 8);
  }
}

// One read-and-bump of the 8-byte number at `offset`.
static void bump_at(int fd, off_t offset) {
  char number[9] = "";
  if (pread(fd, number, 8, offset) != 8) exit(4);  // RACE read
  snprintf(number, sizeof number, "%07d\n", atoi(number) + 1);
  if (pwrite(fd, number, 8, offset) != 8) exit(4);  // RACE write
}

static void bump(const char *path, const char *lock, int times) {
  int fd = open_file(path);
  for (int i = 0; i < times; i++) {
    guard(fd, lock, 1);
    bump_at(fd, 0);
    guard(fd, lock, 0);
  }
  close(fd);
}

static int number_at(int fd, off_t offset) {
  char number[9] = "";
  if (pread(fd, number, 8, offset) != 8) exit(4);  // READ
  return atoi(number);
}

static void write_number(const char *path, int value) {
  int fd = open(path, O_RDWR | O_CREAT, 0600);
  char number[9];
  snprintf(number, sizeof number, "%07d\n", value);
  if (pwrite(fd, number, 8, 0) != 8) exit(4);  // WRITE
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *mode = argv[1], *path = argv[2];
  if (strcmp(mode, "init") == 0) {
    write_number(path, 0);
  } else if (strcmp(mode, "bump") == 0 && argc >= 5) {
    if (argc >= 6) {
      int marker = open(argv[5], O_WRONLY | O_CREAT, 0600);
      close(marker);
      for (int other = 6; other < argc; other++)
        while (access(argv[other], F_OK) != 0) usleep(1000);
    }
    bump(path, argv[3], atoi(argv[4]));
  } else if (strcmp(mode, "fork") == 0 && argc == 6) {
    int children = atoi(argv[5]);
    int mixed = strcmp(argv[3], "mixed") == 0;
    for (int c = 0; c < children; c++) {
      if (fork() == 0) {
        bump(path, mixed ? "flock" : argv[3], atoi(argv[4]));
        return 0;
      }
    }
    bump(path, mixed ? "none" : argv[3], atoi(argv[4]));
    while (wait(NULL) > 0) {
    }
    int fd = open_file(path);
    printf("final number %d\n", number_at(fd, 0));
    close(fd);
  } else if (strcmp(mode, "fork-disjoint") == 0 && argc == 4) {
    int times = atoi(argv[3]);
    write_number(path, 0);
    int fd = open_file(path);
    if (pwrite(fd, "0000000\n", 8, 8) != 8) return 4;
    close(fd);
    pid_t child = fork();
    fd = open_file(path);
    for (int i = 0; i < times; i++) bump_at(fd, child == 0 ? 8 : 0);
    close(fd);
    if (child == 0) return 0;
    waitpid(child, NULL, 0);
  } else if (strcmp(mode, "fork-readers") == 0) {
    write_number(path, 42);
    pid_t child = fork();
    int fd = open_file(path);
    int value = 0;
    for (int i = 0; i < 20; i++) value += number_at(fd, 0);
    close(fd);
    if (child == 0) return value == 20 * 42 ? 0 : 5;
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 5;
  } else if (strcmp(mode, "fork-handoff") == 0) {
    write_number(path, 7);
    pid_t child = fork();
    if (child == 0) {
      bump(path, "none", 3);
      return 0;
    }
    waitpid(child, NULL, 0);
  } else if (strcmp(mode, "fork-wait") == 0) {
    write_number(path, 0);
    pid_t child = fork();
    if (child == 0) {
      bump(path, "none", 5);
      return 0;
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child) return 6;
    bump(path, "none", 5);
    if (fork() == 0) {
      bump(path, "none", 5);
      return 0;
    }
    if (wait(&status) <= 0) return 6;
    bump(path, "none", 5);
    int fd = open_file(path);
    int value = number_at(fd, 0);
    close(fd);
    return value == 20 ? 0 : 7;
  } else {
    return 2;
  }
  return 0;
}
