// Unlocking an error-checking mutex twice: the second unlock finds the mutex already unlocked by
// the same thread. The real call still returns EPERM to the program, which goes on.
// EXPECT: mutex-misuse
// PRINTS: second unlock returned EPERM
// TSAN: same
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock;
static int queue_length;

int main(void) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&queue_lock, &attributes);
  pthread_mutex_lock(&queue_lock);
  queue_length++;
  pthread_mutex_unlock(&queue_lock);
  int result = pthread_mutex_unlock(&queue_lock);  // MISUSE
  if (result == EPERM) printf("second unlock returned EPERM\n");
  return queue_length == 1 ? 0 : 1;
}
