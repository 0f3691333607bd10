// An error-checking mutex used correctly by two threads.
// EXPECT: silent
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock;
int queued;

static void *enqueue(void *unused) {
  (void)unused;
  for (int i = 0; i < 3000; ++i) {
    if (pthread_mutex_lock(&queue_lock) != 0) return (void *)1;
    queued++;
    pthread_mutex_unlock(&queue_lock);
  }
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&queue_lock, &attributes);
  pthread_t a, b;
  pthread_create(&a, NULL, enqueue, NULL);
  pthread_create(&b, NULL, enqueue, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", queued);
  return queued == 6000 ? 0 : 1;
}
