// The fix of file_lock_deadlock_processes.c: both jobs take accounts.lock before audit.lock (one
// global order for the lock files), so neither can hold the second while waiting for the first.
// No hang, no cycle in either process, none when `interlock report` joins their file-lock orders.
// EXPECT: silent
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static char accounts[64], audit[64];

static void job(void) {
  int a = open(accounts, O_RDWR | O_CREAT, 0600), b = open(audit, O_RDWR | O_CREAT, 0600);
  for (int i = 0; i < 100; i++) {
    flock(a, LOCK_EX);
    flock(b, LOCK_EX);
    flock(b, LOCK_UN);
    flock(a, LOCK_UN);
  }
  close(a);
  close(b);
}

int main(void) {
  snprintf(accounts, sizeof accounts, "/tmp/interlock-sample-accounts-%d.lock", (int)getpid());
  snprintf(audit, sizeof audit, "/tmp/interlock-sample-audit-%d.lock", (int)getpid());
  pid_t audit_job = fork();
  if (audit_job == 0) {
    job();
    return 0;
  }
  job();
  waitpid(audit_job, NULL, 0);
  unlink(accounts);
  unlink(audit);
  return 0;
}
