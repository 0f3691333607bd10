// A thread locks a default (non-recursive) mutex it already holds, through a helper that does not
// know its caller took the lock: it blocks forever on itself. Interlock reports a deadlock of one
// thread (the blocked call, and where the same thread took the lock) and ends the program.
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <pthread.h>

pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
int registered;

static void register_one(void) { pthread_mutex_lock(&registry_lock); registered++; pthread_mutex_unlock(&registry_lock); }  // DEADLOCK

int main(void) {
  pthread_mutex_lock(&registry_lock);
  register_one();
  pthread_mutex_unlock(&registry_lock);
  return registered == 1 ? 0 : 1;
}
