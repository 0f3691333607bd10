// One data race between two threads the program names, one with AnnotateThreadName, the other
// with pthread_setname_np: the reports must call them by those names.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

void AnnotateThreadName(const char *file, int line, const char *name);

long shared_total;

static void *writer(void *unused) {
  (void)unused;
  pthread_setname_np(pthread_self(), "ledger-writer");
  shared_total = 1;
  return NULL;
}

int main(void) {
  AnnotateThreadName(__FILE__, __LINE__, "coordinator");
  pthread_t thread;
  pthread_create(&thread, NULL, writer, NULL);
  shared_total = 2;
  pthread_join(thread, NULL);
  printf("named_threads: finished\n");
  return 0;
}
