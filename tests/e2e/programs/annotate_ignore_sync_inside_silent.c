// Synchronization inside an ignored region still orders: the producer hands `payload` over
// through a mutex-protected flag whose accesses it ignores (__tsan_ignore_thread_begin/end); the
// unlock still publishes, so the consumer's read of `payload` after seeing the flag is ordered
// after the producer's write: silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int ready;
static int payload;

static void *producer(void *unused) {
  (void)unused;
  payload = 42;
  __tsan_ignore_thread_begin();
  pthread_mutex_lock(&lock);
  ready = 1;
  pthread_mutex_unlock(&lock);
  __tsan_ignore_thread_end();
  return NULL;
}

static int is_ready(void) {
  pthread_mutex_lock(&lock);
  int seen = ready;
  pthread_mutex_unlock(&lock);
  return seen;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!is_ready()) sched_yield();
  printf("payload %d\n", payload);
  pthread_join(thread, NULL);
  return 0;
}
