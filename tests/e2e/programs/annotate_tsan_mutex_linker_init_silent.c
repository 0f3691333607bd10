// A mutex created linker_init (static storage, no-op constructor and destructor) outlives its
// destroy annotations: destroying it while held is not a misuse, and it stays usable after.
// EXPECT: silent
// PRINTS: still usable
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

static void flag_lock_release(flag_lock *lock) {
  __tsan_mutex_pre_unlock(lock, 0);
  lock->word = 0;
  __tsan_mutex_post_unlock(lock, 0);
}

static flag_lock session_lock;

int main(void) {
  __tsan_mutex_create(&session_lock, __tsan_mutex_linker_init);
  flag_lock_acquire(&session_lock);
  __tsan_mutex_destroy(&session_lock, 0);
  flag_lock_release(&session_lock);
  flag_lock_acquire(&session_lock);
  flag_lock_release(&session_lock);
  printf("still usable\n");
  return 0;
}
