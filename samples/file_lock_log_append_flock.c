// The fixed twin of file_lock_log_append_racy.c: each writer process holds flock(LOCK_EX) on the
// log while it reads the record number from the sequence file, writes it back bumped and appends
// its record, as
//   ( flock -x 200; n=$(cat app.seq); echo $((n + 1)) > app.seq; echo "$n producer_a" >> app.log ) 200>> app.log
// does in a shell. The parent forks producer_b and runs producer_a itself; each opens the log
// itself (its own open file description, as two shell commands do), so their flock locks
// exclude each other. Each process records its file accesses and its flock holds
// (interlock.*.file-events); `interlock report` joins them and finds every unlock of one process
// before the other's next lock, which orders the sequence file's bytes: silent, and the numbers
// run to 200.
// EXPECT: silent
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static char log_path[64], seq_path[64];

static void writer(const char *name) {
  int log = open(log_path, O_WRONLY | O_APPEND);
  int seq = open(seq_path, O_RDWR);
  for (int i = 0; i < 100; i++) {
    flock(log, LOCK_EX);
    char number[8] = "";
    if (pread(seq, number, 7, 0) != 7) break;
    snprintf(number, sizeof number, "%06d\n", atoi(number) + 1);
    if (pwrite(seq, number, 7, 0) != 7) break;
    char line[64];
    int length = snprintf(line, sizeof line, "%d %s\n", atoi(number), name);
    if (write(log, line, (size_t)length) != length) break;
    flock(log, LOCK_UN);
  }
  close(seq);
  close(log);
}

int main(void) {
  snprintf(log_path, sizeof log_path, "/tmp/interlock-sample-log-flock-%d", (int)getpid());
  snprintf(seq_path, sizeof seq_path, "/tmp/interlock-sample-seq-flock-%d", (int)getpid());
  int log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int seq = open(seq_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (pwrite(seq, "000000\n", 7, 0) != 7) return 1;
  pid_t producer_b = fork();
  if (producer_b == 0) {
    writer("producer_b");
    return 0;
  }
  writer("producer_a");
  waitpid(producer_b, NULL, 0);
  char number[8] = "";
  if (pread(seq, number, 7, 0) != 7) return 1;
  printf("last record number: %d (200 expected)\n", atoi(number));
  close(seq);
  close(log);
  unlink(seq_path);
  unlink(log_path);
  return atoi(number) == 200 ? 0 : 1;
}
