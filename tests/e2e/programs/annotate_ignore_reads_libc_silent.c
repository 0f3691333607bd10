// Reads a libc function makes on the thread's behalf are ignored too: the worker measures a
// message main rewrites unordered, with strlen between AnnotateIgnoreReadsBegin/End: silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>
#include <string.h>

void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);

static char message[64] = "starting";
static size_t measured;

static void *worker(void *unused) {
  (void)unused;
  AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
  measured = strlen(message);
  AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  memcpy(message, "running", 8);
  pthread_join(thread, NULL);
  printf("measured %zu\n", measured > 0 ? (size_t)1 : (size_t)0);
  return 0;
}
