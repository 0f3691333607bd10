// The fixed twin of file_lock_log_append_racy.c: each writer holds flock(LOCK_EX) on the log
// while it reads the record number, appends its record and bumps the number, as
//   ( flock -x 200; producer_a >> app.log ) 200> app.log.lock
// does in a shell. flock locks belong to the open file description: the two writers opened the
// log separately (as two processes would), so they exclude each other, and Interlock orders each
// unlock before the next lock of the same file. Silent.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model flock and reports the record number as a race
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static char log_path[64];
static int next_record = 1;

static void *writer(void *name) {
  int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  for (int i = 0; i < 100; i++) {
    char line[64];
    flock(log, LOCK_EX);
    int number = next_record;
    int length = snprintf(line, sizeof line, "%d %s\n", number, (const char *)name);
    if (write(log, line, (size_t)length) != length) break;
    next_record = number + 1;
    flock(log, LOCK_UN);
  }
  close(log);
  return NULL;
}

int main(void) {
  snprintf(log_path, sizeof log_path, "/tmp/interlock-sample-log-flock-%d", (int)getpid());
  pthread_t a, b;
  pthread_create(&a, NULL, writer, "producer_a");
  pthread_create(&b, NULL, writer, "producer_b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("last record number: %d (200 expected)\n", next_record - 1);
  unlink(log_path);
  return next_record == 201 ? 0 : 1;
}
