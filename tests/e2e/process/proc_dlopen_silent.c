// An instrumented shared library loaded with dlopen, used from two threads through its locked
// functions, then closed and loaded again: silent. Its mutex is locked inside the library (the
// calls reach the runtime from the library's code), and reloading it must not confuse the model.
// LIBRARY: proc_dlopen_lib.c
// EXPECT: silent
// PRINTS: counter 2000 after reload 2000
// TSAN: same
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void (*bump_locked)(void);

static void *bump_many(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) bump_locked();
  return NULL;
}

static long run_once(void) {
  void *library = dlopen(getenv("INTERLOCK_TEST_LIBRARY"), RTLD_NOW);
  if (!library) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    exit(1);
  }
  bump_locked = (void (*)(void))dlsym(library, "library_bump_locked");
  long (*read_locked)(void) = (long (*)(void))dlsym(library, "library_read_locked");
  pthread_t workers[2];
  for (int i = 0; i < 2; ++i) pthread_create(&workers[i], NULL, bump_many, NULL);
  for (int i = 0; i < 2; ++i) pthread_join(workers[i], NULL);
  long value = read_locked();
  dlclose(library);
  return value;
}

int main(void) {
  long first = run_once();
  long second = run_once();
  printf("counter %ld after reload %ld\n", first, second);
  return 0;
}
