// A statistics counter both threads bump without a lock, which the program accepts as lossy:
// the worker brackets its updates with __tsan_ignore_thread_begin/end, so its reads and writes
// are neither checked nor remembered, and main's updates find nothing to race with: silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);

static long hits;

static void *worker(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++) {
    __tsan_ignore_thread_begin();
    hits++;
    __tsan_ignore_thread_end();
  }
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  for (int i = 0; i < 1000; i++) hits++;
  pthread_join(thread, NULL);
  printf("hits %ld\n", hits > 0 ? 1L : 0L);
  return 0;
}
