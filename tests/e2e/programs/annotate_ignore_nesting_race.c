// Ignore regions nest: after an inner Begin/End pair the worker still ignores, so its store to
// `first` is not remembered and main's store to it races with nothing; only after the outer End
// is the worker's store to `second` checked, and that one races with main's unordered store.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);

static int first;
static int second;

static void *worker(void *unused) {
  (void)unused;
  __tsan_ignore_thread_begin();
  __tsan_ignore_thread_begin();
  __tsan_ignore_thread_end();
  first = 1;
  __tsan_ignore_thread_end();
  second = 1;  // RACE
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  first = 2;
  second = 2;  // RACE
  pthread_join(thread, NULL);
  printf("first %d second %d\n", first, second);
  return 0;
}
