// Destroying a mutex while it is locked: glibc refuses with EBUSY, other implementations free
// it under the holder. Interlock reports the destroy and who holds the mutex; the program goes on.
// EXPECT: mutex-misuse
// PRINTS: destroy returned EBUSY
// TSAN: same
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t session_lock;

int main(void) {
  pthread_mutex_init(&session_lock, NULL);
  pthread_mutex_lock(&session_lock);
  int result = pthread_mutex_destroy(&session_lock);  // MISUSE
  if (result == EBUSY) printf("destroy returned EBUSY\n");
  return 0;
}
