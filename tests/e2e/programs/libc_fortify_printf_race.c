// A fortified printf (clang-14 emits __printf_chk for it with -O2 -D_FORTIFY_SOURCE=2) reads the
// string of a %s while another thread is still writing it.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __printf_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char state[16] = "idle";
int changed;

static void *change_state(void *unused) {
  (void)unused;
  *(volatile char *)&state[0] = 'b';  // RACE
  __atomic_store_n(&changed, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, change_state, NULL);
  while (!__atomic_load_n(&changed, __ATOMIC_RELAXED)) sched_yield();
  printf("state: %s\n", state);  // RACE
  pthread_join(worker, NULL);
  return 0;
}
