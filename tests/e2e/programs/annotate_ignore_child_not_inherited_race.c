// A thread created while its creator ignores accesses starts ignoring nothing: the child's
// store to `owner` is checked and races with main's store after its own ignored region.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);

static int owner;

static void *child(void *unused) {
  (void)unused;
  owner = 1;  // RACE
  return NULL;
}

int main(void) {
  pthread_t thread;
  __tsan_ignore_thread_begin();
  pthread_create(&thread, NULL, child, NULL);
  __tsan_ignore_thread_end();
  owner = 2;  // RACE
  pthread_join(thread, NULL);
  printf("owner %d\n", owner);
  return 0;
}
