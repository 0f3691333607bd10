// Unlocking a mutex no thread ever locked is undefined behaviour (a normal glibc mutex silently
// corrupts its user count). Interlock reports it and the program goes on.
// EXPECT: mutex-misuse
// PRINTS: went on after the unlock
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_unlock(&cache_lock);  // MISUSE
  printf("went on after the unlock\n");
  return 0;
}
