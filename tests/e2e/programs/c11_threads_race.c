// C11 <threads.h>: the worker takes the mutex, main does not.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept glibc's thrd_create/mtx_lock and crashes
#include <stdio.h>
#include <threads.h>

static mtx_t level_lock;
int level;

static int raise_level(void *unused) {
  (void)unused;
  mtx_lock(&level_lock);
  level = 3;  // RACE
  mtx_unlock(&level_lock);
  return 0;
}

int main(void) {
  mtx_init(&level_lock, mtx_plain);
  thrd_t worker;
  thrd_create(&worker, raise_level, NULL);
  int seen = level;  // RACE
  thrd_join(worker, NULL);
  printf("%d\n", seen);
  mtx_destroy(&level_lock);
  return 0;
}
