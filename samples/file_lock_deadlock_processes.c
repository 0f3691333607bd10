// Two processes that take two lock files in opposite orders: the billing job locks
// accounts.lock then audit.lock, the audit job audit.lock then accounts.lock (a cron job and a
// daemon, say). Here the parent forks the audit job and a pipe handshake makes sure each holds its
// first lock before it asks for the second, so the hang is certain. flock never fails with
// EDEADLK: without Interlock both processes hang forever.
//
// Each process's watchdog sees its thread blocked in flock for deadlock_timeout_ms, finds the
// holder in the kernel's lock table (/proc/locks): the other process, itself blocked on the lock
// this one holds. Each reports a `deadlock` between processes and ends with exit status 67.
// Each process also recorded its file-lock order next to its report, and `interlock report`
// joins them into a lock-order cycle between the two processes, with both command lines and
// stacks, and the lock order that fixes it (file_lock_ordered_processes.c).
// EXPECT: deadlock
// EXPECT: lock-order-cycle (joined by `interlock report` from the two processes' records)
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static char accounts[64], audit[64];

static void job(const char *first, const char *second, int tell, int hear) {
  int a = open(first, O_RDWR | O_CREAT, 0600), b = open(second, O_RDWR | O_CREAT, 0600);
  char byte = 0;
  flock(a, LOCK_EX);
  if (write(tell, &byte, 1) != 1 || read(hear, &byte, 1) != 1) return;  // both hold one
  flock(b, LOCK_EX);  // blocks forever: the other job holds it and waits for ours
  printf("%d: got both locks\n", (int)getpid());
  flock(b, LOCK_UN);
  flock(a, LOCK_UN);
}

int main(void) {
  snprintf(accounts, sizeof accounts, "/tmp/interlock-sample-accounts-%d.lock", (int)getpid());
  snprintf(audit, sizeof audit, "/tmp/interlock-sample-audit-%d.lock", (int)getpid());
  int to_parent[2], to_child[2];
  if (pipe(to_parent) != 0 || pipe(to_child) != 0) return 1;
  pid_t audit_job = fork();
  if (audit_job == 0) {
    job(audit, accounts, to_parent[1], to_child[0]);
    return 0;
  }
  job(accounts, audit, to_child[1], to_parent[0]);
  waitpid(audit_job, NULL, 0);
  unlink(accounts);
  unlink(audit);
  return 0;
}
