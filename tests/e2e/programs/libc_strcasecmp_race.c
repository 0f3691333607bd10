// strcasecmp compares a command another thread is still writing: equal strings are read to
// their terminators, the written byte included.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <strings.h>

char command[16] = "STOP";
int written;

static void *write_command(void *unused) {
  (void)unused;
  command[3] = 'P';  // RACE
  __atomic_store_n(&written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, write_command, NULL);
  while (!__atomic_load_n(&written, __ATOMIC_RELAXED)) sched_yield();
  int same;
  same = strcasecmp(command, "stop") == 0;  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", same);
  return 0;
}
