// A race reported after the program dlclosed (and the loader unmapped) the instrumented library
// that made one of its two accesses: the report looks the global up among the registered globals
// (the library's were left registered, and the lookup crashed in find_global) and shows the
// library's stack from sites that pointed into the unmapped library.
// LIBRARY: proc_dlopen_lib.c
// EXPECT: data-race proc_dlopen_lib.c:26 37
// PRINTS: closed: 0, still loaded: no
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

long handed_over;
static int stored;
static void (*library_store)(long *);

static void *store_in_library(void *unused) {
  (void)unused;
  library_store(&handed_over);
  __atomic_store_n(&stored, 1, __ATOMIC_RELAXED);  // relaxed: orders nothing
  return NULL;
}

int main(void) {
  const char *path = getenv("INTERLOCK_TEST_LIBRARY");
  void *library = dlopen(path, RTLD_NOW);
  if (!library) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  library_store = (void (*)(long *))dlsym(library, "library_store");
  pthread_t worker;
  pthread_create(&worker, NULL, store_in_library, NULL);
  while (!__atomic_load_n(&stored, __ATOMIC_RELAXED)) sched_yield();
  int closed = dlclose(library);
  handed_over = 2;  // RACE
  printf("closed: %d, still loaded: %s\n", closed, dlopen(path, RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
  pthread_join(worker, NULL);
  return 0;
}
