// An End with no Begin open is ignored (with a warning) and does not push the depth below zero:
// the worker's store to `checked` after it is still checked and races with main's store, and a
// later Begin/End pair still hides the worker's store to `hidden`.
// EXPECT: data-race
// TSAN: differs TSan stops the program at an End with no Begin (a failed internal check)
#include <pthread.h>
#include <stdio.h>

void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
void __tsan_ignore_thread_end(void);

static int checked;
static int hidden;

static void *worker(void *unused) {
  (void)unused;
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  __tsan_ignore_thread_end();
  checked = 1;  // RACE
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  hidden = 1;
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  hidden = 2;
  checked = 2;  // RACE
  pthread_join(thread, NULL);
  printf("checked %d hidden %d\n", checked, hidden);
  return 0;
}
