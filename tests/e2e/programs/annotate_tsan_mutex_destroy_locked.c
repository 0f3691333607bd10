// An annotated mutex destroyed (__tsan_mutex_destroy) while its creator still holds it: a mutex
// misuse at the destroy. The same shape with a linker_init mutex is
// annotate_tsan_mutex_linker_init_silent.c.
// EXPECT: mutex-misuse
// PRINTS: went on after the destroy
// TSAN: same
#include <sanitizer/tsan_interface.h>
#include <stdio.h>

typedef struct {
  int word;
} flag_lock;

static void flag_lock_acquire(flag_lock *lock) {
  __tsan_mutex_pre_lock(lock, 0);
  lock->word = 1;
  __tsan_mutex_post_lock(lock, 0, 0);
}

static flag_lock session_lock;

int main(void) {
  __tsan_mutex_create(&session_lock, 0);
  flag_lock_acquire(&session_lock);
  __tsan_mutex_destroy(&session_lock, 0);  // MISUSE
  printf("went on after the destroy\n");
  return 0;
}
