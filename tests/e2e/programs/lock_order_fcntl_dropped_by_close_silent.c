// Classic fcntl record locks belong to the process, and the kernel drops all of them on a file
// when any descriptor of that file is closed, by any thread. Here main locks the journal, a
// helper thread opens and closes the journal (dropping main's lock behind its back), then main
// takes the index; later another thread takes the index then the journal. Main no longer held
// the journal when it took the index, so there is no journal -> index order and no cycle.
// EXPECT: silent
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char journal[64], index_path[64];

static void set_lock(int fd, short type) {
  struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  fcntl(fd, F_SETLKW, &lock);
}

static void *index_then_journal(void *arg) {
  int j = open(journal, O_RDWR), x = open(index_path, O_RDWR);
  set_lock(x, F_WRLCK);
  set_lock(j, F_WRLCK);
  set_lock(j, F_UNLCK);
  set_lock(x, F_UNLCK);
  close(j);
  close(x);
  return arg;
}

static void *peek_at_journal(void *arg) {
  int fd = open(journal, O_RDONLY);
  close(fd);  // drops every classic lock this process holds on the journal
  return arg;
}

int main(void) {
  snprintf(journal, sizeof journal, "/tmp/interlock-dropped-journal-%d", (int)getpid());
  snprintf(index_path, sizeof index_path, "/tmp/interlock-dropped-index-%d", (int)getpid());
  int j = open(journal, O_RDWR | O_CREAT, 0600), x = open(index_path, O_RDWR | O_CREAT, 0600);
  set_lock(j, F_WRLCK);
  pthread_t helper;
  pthread_create(&helper, NULL, peek_at_journal, NULL);
  pthread_join(helper, NULL);
  set_lock(x, F_WRLCK);  // the journal's lock is gone: no order journal -> index
  set_lock(x, F_UNLCK);
  pthread_create(&helper, NULL, index_then_journal, NULL);
  pthread_join(helper, NULL);
  close(j);
  close(x);
  unlink(journal);
  unlink(index_path);
  return 0;
}
