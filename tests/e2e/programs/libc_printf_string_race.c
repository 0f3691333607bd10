// printf reads the string of a %s while another thread is still writing it: the bytes the
// library reads for the conversion are a read of the caller's line.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char state[16] = "idle";
int changed;

static void *change_state(void *unused) {
  (void)unused;
  state[0] = 'b';  // RACE
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
