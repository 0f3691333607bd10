// Two processes appending numbered records to one log, with no lock: the shell pipeline story
//   n=$(cat app.seq); echo $((n + 1)) > app.seq; echo "$n producer_a" >> app.log   (and _b)
// where each writer reads the next record number from a sequence file next to the log, writes it
// back bumped, and appends its record. Appending is safe on its own: the log is opened with
// O_APPEND, so each record lands whole at its end, and Interlock does not report appends. The
// read-and-bump of the sequence file is not: two writers can read the same number, and two
// records get it (the last number is then below 200).
//
// The writers are real processes: the parent forks producer_b and runs producer_a itself, then
// waits. Neither process sees the other's accesses, so neither one's own report has a finding
// and both exit with status 0; each records its file accesses next to its report
// (interlock.*.file-events), and `interlock report` over the report directory joins them: two
// data races between processes on file '/tmp/interlock-sample-seq-<pid>' at byte 0 (one
// process's pwrite against the other's pread, and the two pwrites), each side with its pid,
// command line, call and stack (docs/report-format.md has the annotated report). The parent's
// read of the last number after wait() is ordered after everything the child did and is not
// reported. The fix is file_lock_log_append_flock.c: flock(LOCK_EX) around each append, as
// `flock -x 200` does in a shell.
// EXPECT: data-race
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char log_path[64], seq_path[64];

static void writer(const char *name) {
  int log = open(log_path, O_WRONLY | O_APPEND);
  int seq = open(seq_path, O_RDWR);
  for (int i = 0; i < 100; i++) {
    char number[8] = "";
    if (pread(seq, number, 7, 0) != 7) break;  // RACE:bump
    snprintf(number, sizeof number, "%06d\n", atoi(number) + 1);
    if (pwrite(seq, number, 7, 0) != 7) break;  // RACE:bump RACE:store
    char line[64];
    int length = snprintf(line, sizeof line, "%d %s\n", atoi(number), name);
    if (write(log, line, (size_t)length) != length) break;
  }
  close(seq);
  close(log);
}

int main(void) {
  snprintf(log_path, sizeof log_path, "/tmp/interlock-sample-log-%d", (int)getpid());
  snprintf(seq_path, sizeof seq_path, "/tmp/interlock-sample-seq-%d", (int)getpid());
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
  return 0;
}
