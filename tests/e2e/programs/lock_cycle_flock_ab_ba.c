// Two threads take two flock'ed files in opposite orders, one after the other (the second
// starts after the first is joined, so the run cannot hang): a lock-order cycle named by the
// files' paths. Each thread opens the files itself, as separate processes would.
// EXPECT: lock-order-cycle
// TSAN: differs clang-14's TSan does not model flock: no cycle
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

static char accounts[64], audit[64];
static int entries;

struct order {
  const char *first, *second;
};

static void *take_both(void *arg) {
  const struct order *o = arg;
  int first = open(o->first, O_RDWR | O_CREAT, 0600), second = open(o->second, O_RDWR | O_CREAT, 0600);
  flock(first, LOCK_EX);
  flock(second, LOCK_EX);  // CYCLE x2 EDGE
  entries++;
  flock(second, LOCK_UN);
  flock(first, LOCK_UN);
  close(first);
  close(second);
  return NULL;
}

int main(void) {
  snprintf(accounts, sizeof accounts, "/tmp/interlock-cycle-accounts-%d", (int)getpid());
  snprintf(audit, sizeof audit, "/tmp/interlock-cycle-audit-%d", (int)getpid());
  struct order forward = {accounts, audit}, backward = {audit, accounts};
  pthread_t t;
  pthread_create(&t, NULL, take_both, &forward);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, take_both, &backward);
  pthread_join(t, NULL);
  unlink(accounts);
  unlink(audit);
  return entries == 2 ? 0 : 1;
}
