// printf, fprintf, dprintf and vfprintf read strings a thread wrote, after joining it; a %.*s
// precision keeps the read inside a string another thread is still writing past: nothing to
// report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>

char state[16] = "idle";
char record[16] = "key=value";
int tail_written;

static void report(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  vfprintf(stdout, format, arguments);
  va_end(arguments);
}

static void *change_state(void *unused) {
  (void)unused;
  state[0] = 'b';
  record[8] = 'E';  // past the 3 bytes main prints
  __atomic_store_n(&tail_written, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, change_state, NULL);
  while (!__atomic_load_n(&tail_written, __ATOMIC_RELAXED)) sched_yield();
  printf("key: %.*s\n", 3, record);
  pthread_join(worker, NULL);
  printf("state: %s\n", state);
  fprintf(stdout, "state: %-8s|\n", state);
  fflush(stdout);
  dprintf(1, "state: %5.2s\n", state);
  report("%d %s %f\n", 1, state, 2.5);
  return 0;
}
