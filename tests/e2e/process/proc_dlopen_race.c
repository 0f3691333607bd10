// An instrumented shared library, loaded with dlopen after the program started, bumps its
// global from a worker thread while main reads it through the symbol dlsym gave: a data race
// between a line of the library and a line of the program.
// LIBRARY: proc_dlopen_lib.c
// EXPECT: data-race proc_dlopen_lib.c:9 30
// TSAN: same
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void (*bump)(void);

static void *bump_in_library(void *unused) {
  (void)unused;
  bump();
  return NULL;
}

int main(void) {
  void *library = dlopen(getenv("INTERLOCK_TEST_LIBRARY"), RTLD_NOW);
  if (!library) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  bump = (void (*)(void))dlsym(library, "library_bump");
  long *counter = (long *)dlsym(library, "library_counter");
  pthread_t worker;
  pthread_create(&worker, NULL, bump_in_library, NULL);
  long seen = *counter;  // RACE:READ
  pthread_join(worker, NULL);
  printf("seen %ld, now %ld\n", seen, *counter);
  return 0;
}
