// snprintf formats a status line into a buffer while another thread reads the buffer: the bytes
// the library stores (the result and its terminator) are a write of the caller's line.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char status[32] = "starting";
int formatted;

static void *format_status(void *unused) {
  (void)unused;
  snprintf(status, sizeof status, "%s: %d", "jobs", 42);  // RACE
  __atomic_store_n(&formatted, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, format_status, NULL);
  while (!__atomic_load_n(&formatted, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = status[2];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
