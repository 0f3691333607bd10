// AnnotateIgnoreReadsBegin/End ignores reads only: the worker's read of `level` is not checked,
// but its write still is, and races with main's unordered write.
// EXPECT: data-race
// TSAN: differs TSan's runtime ignores writes too between AnnotateIgnoreReadsBegin/End
#include <pthread.h>
#include <stdio.h>

void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);

static int level;
static int sink;

static void *worker(void *unused) {
  (void)unused;
  AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
  int seen = level;
  sink = seen;
  level = 1;  // RACE
  AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  level = 2;  // RACE
  pthread_join(thread, NULL);
  printf("sink %d\n", sink);
  return 0;
}
