// Two writers appending numbered records to one log, with no lock: the shell pipeline story
//   n=$(cat app.seq); echo $((n + 1)) > app.seq; echo "$n producer_a" >> app.log   (and _b)
// where each writer reads the next record number from a sequence file next to the log, writes it
// back bumped, and appends its record. Appending is safe on its own: the log is opened with
// O_APPEND, so each record lands whole at its end, and Interlock does not report appends. The
// read-and-bump of the sequence file is not: two writers can read the same number, and two
// records get it. Interlock reports the data race on the sequence file's contents (file
// '/tmp/interlock-sample-seq-<pid>' at byte 0), between one writer's pwrite and the other's pread
// and pwrite. The fix is file_lock_log_append_flock.c: flock(LOCK_EX) around each append, as
// `flock -x 200` does in a shell.
//
// The writers are threads standing for the two processes: each opens both files itself, as a
// separate process would. Interlock checks file contents between the threads of one process;
// between processes it reports file-lock cycles and hangs but does not check file contents
// (docs/supported.md, File locks).
// EXPECT: data-race :bump
// EXPECT: data-race :store
// TSAN: differs clang-14's TSan does not model file contents
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char log_path[64], seq_path[64];

static void *writer(void *name) {
  int log = open(log_path, O_WRONLY | O_APPEND);
  int seq = open(seq_path, O_RDWR);
  for (int i = 0; i < 100; i++) {
    char number[8] = "";
    if (pread(seq, number, 7, 0) != 7) break;  // RACE:bump
    snprintf(number, sizeof number, "%06d\n", atoi(number) + 1);
    if (pwrite(seq, number, 7, 0) != 7) break;  // RACE:bump RACE:store x2
    char line[64];
    int length = snprintf(line, sizeof line, "%d %s\n", atoi(number), (const char *)name);
    if (write(log, line, (size_t)length) != length) break;
  }
  close(seq);
  close(log);
  return NULL;
}

int main(void) {
  snprintf(log_path, sizeof log_path, "/tmp/interlock-sample-log-%d", (int)getpid());
  snprintf(seq_path, sizeof seq_path, "/tmp/interlock-sample-seq-%d", (int)getpid());
  int log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int seq = open(seq_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (pwrite(seq, "000000\n", 7, 0) != 7) return 1;
  pthread_t a, b;
  pthread_create(&a, NULL, writer, "producer_a");
  pthread_create(&b, NULL, writer, "producer_b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  char number[8] = "";
  if (pread(seq, number, 7, 0) != 7) return 1;
  printf("last record number: %d (200 expected)\n", atoi(number));
  close(seq);
  close(log);
  unlink(seq_path);
  unlink(log_path);
  return 0;
}
