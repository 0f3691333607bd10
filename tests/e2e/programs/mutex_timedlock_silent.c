// Threads take the mutex with pthread_mutex_timedlock (generous deadline) and only touch the
// shared value when the lock was actually acquired.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t sample_lock = PTHREAD_MUTEX_INITIALIZER;
long samples;

static void *take_samples(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; ++i) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    if (pthread_mutex_timedlock(&sample_lock, &deadline) != 0) continue;
    samples++;
    pthread_mutex_unlock(&sample_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, take_samples, NULL);
  pthread_create(&b, NULL, take_samples, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", samples);
  return 0;
}
