// A counter bumped with __sync_fetch_and_add by one thread and read plainly by another, which
// polls it to see progress. The atomic RMW does not make the plain read atomic: the pair races.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

long progress;

static void *worker(void *unused) {
  (void)unused;
  __sync_fetch_and_add(&progress, 1);  // RACE
  return NULL;
}

static void *monitor(void *unused) {
  (void)unused;
  long seen = progress;  // RACE
  return (void *)seen;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, monitor, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", progress);
  return 0;
}
