// AnnotateIgnoreWritesBegin/End ignores writes only: the worker's write of `limit` is not
// remembered, but its read still is checked, and races with main's unordered write.
// EXPECT: data-race
// TSAN: differs TSan's runtime ignores reads too between AnnotateIgnoreWritesBegin/End
#include <pthread.h>
#include <stdio.h>

void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

static int limit;
static int observed;

static void *worker(void *unused) {
  (void)unused;
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  int seen = limit;  // RACE
  limit = 5;
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  observed = seen;
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  limit = 7;  // RACE
  pthread_join(thread, NULL);
  printf("observed %d\n", observed);
  return 0;
}
