// puts prints a message another thread is still writing: the bytes it reads are a read of the
// caller's line.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char message[32] = "all is well";
int changed;

static void *change_message(void *unused) {
  (void)unused;
  message[7] = 'W';  // RACE
  __atomic_store_n(&changed, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, change_message, NULL);
  while (!__atomic_load_n(&changed, __ATOMIC_RELAXED)) sched_yield();
  puts(message);  // RACE
  pthread_join(worker, NULL);
  return 0;
}
