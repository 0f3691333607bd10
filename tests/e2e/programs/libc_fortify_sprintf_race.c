// A fortified sprintf (clang-14 emits __sprintf_chk for it with -O2 -D_FORTIFY_SOURCE=2) formats
// into a buffer while another thread reads the buffer, with nothing ordering them.
// EXPECT: data-race
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char status[32] = "starting";
int items = 42;
int formatted;

static void *format_status(void *unused) {
  (void)unused;
  sprintf(status, "%d items", items);  // RACE
  __atomic_store_n(&formatted, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, format_status, NULL);
  while (!__atomic_load_n(&formatted, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = *(volatile char *)&status[1];  // RACE
  pthread_join(worker, NULL);
  printf("%c\n", seen);
  return 0;
}
