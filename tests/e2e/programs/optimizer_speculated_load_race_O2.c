// Twin of optimizer_speculated_load_silent_O2.c where read_if() is asked to read: the load the
// program makes races with the writer's unsynchronized stores, and the report names the line of
// the load inside its branch (the speculation guard keeps it there at -O2).
// EXPECT: data-race
// TSAN: same
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int shared_global;
static volatile int use_shared = 1;

__attribute__((noinline)) static int read_if(int use) {
  int x = 0;
  if (use)
    x = shared_global;  // RACE
  return x;
}

static void *reader(void *unused) {
  (void)unused;
  int total = 0;
  for (int i = 0; i < 1000; i++)
    total += read_if(use_shared);
  return (void *)(long)total;
}

static void *writer(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; i++)
    shared_global = i;  // RACE
  return NULL;
}

int main(void) {
  pthread_t r, w;
  pthread_create(&r, NULL, reader, NULL);
  pthread_create(&w, NULL, writer, NULL);
  void *total;
  pthread_join(r, &total);
  pthread_join(w, NULL);
  printf("%ld\n", (long)total);
  return 0;
}
