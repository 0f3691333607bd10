// The worker stores a progress mark main overwrites unordered; the worker's store sits between
// AnnotateIgnoreWritesBegin/End, so it is not remembered and main's store races with nothing.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

static int progress;

static void *worker(void *unused) {
  (void)unused;
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  progress = 1;
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  progress = 2;
  pthread_join(thread, NULL);
  printf("progress %d\n", progress);
  return 0;
}
