// printf's %n stores how many characters it printed into an int that another thread reads, with
// nothing ordering them: the store is a write of the caller's line.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int printed;
int finished;

static void *read_count(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&finished, __ATOMIC_RELAXED)) sched_yield();
  int seen;
  seen = printed;  // RACE
  return (void *)(long)seen;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, read_count, NULL);
  printf("%s%n\n", "counted", &printed);  // RACE
  __atomic_store_n(&finished, 1, __ATOMIC_RELAXED);
  void *seen;
  pthread_join(worker, &seen);
  return seen == (void *)7 ? 0 : 1;
}
