// strcasecmp stops at the first difference and strncasecmp at its limit: a thread writes the
// tail of a command that neither comparison reaches.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <strings.h>

char command[16] = "START now";
int written;

static void *write_tail(void *unused) {
  (void)unused;
  command[7] = 'N';
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, write_tail, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  int stop = strcasecmp(command, "stop") == 0;  // differs at its third character
  int start = strncasecmp(command, "start", 5) == 0;
  pthread_join(worker, NULL);
  printf("%d %d %d\n", stop, start, strcasecmp(command, "start nOw"));
  return 0;
}
