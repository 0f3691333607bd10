// Fortified printf, fprintf and dprintf (__printf_chk, __fprintf_chk, __dprintf_chk) read a
// string a thread wrote, after joining it: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>

char state[16] = "idle";

static void *change_state(void *unused) {
  (void)unused;
  *(volatile char *)&state[0] = 'b';
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, change_state, NULL);
  pthread_join(worker, NULL);
  printf("state: %s\n", state);
  fprintf(stdout, "state: %-8s|\n", state);
  fflush(stdout);
  dprintf(1, "state: %.2s\n", state);
  return 0;
}
