// The worker writes a global, main reads it only after pthread_join: join orders the two
// accesses, so there is no race.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

int shared_value;

static void *writer(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; ++i) shared_value += i;
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, writer, NULL);
  pthread_join(worker, NULL);
  printf("%d\n", shared_value);
  shared_value = 0;
  return 0;
}
