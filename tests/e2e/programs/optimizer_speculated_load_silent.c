// The optimizer must not invent a load: read_if() reads shared_global only when asked to, and
// here it never is, while the writer thread writes shared_global with no synchronization. At
// -O1 and -O2 SimplifyCFG would turn the branch into an unconditional load and a select;
// instrumented, that load races with the write although the program never makes it. The plugin
// marks every function it instruments `sanitize_thread` before optimization (as TSan does),
// which keeps the load inside its branch.
// EXPECT: silent
// TSAN: same
// ARGS: -O1
// ALSO AT: -O2
#include <pthread.h>
#include <stdio.h>

int shared_global;
static volatile int use_shared;  // 0: read_if() never reads shared_global

__attribute__((noinline)) static int read_if(int use) {
  int x = 0;
  if (use)
    x = shared_global;
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
    shared_global = i;
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
