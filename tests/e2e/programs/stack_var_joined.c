// main passes the address of its local to a worker and reads it only after the join.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static void *produce(void *arg) {
  int *result = arg;
  for (int i = 0; i < 1000; ++i) *result += i;
  return NULL;
}

int main(void) {
  int result = 0;
  pthread_t worker;
  pthread_create(&worker, NULL, produce, &result);
  pthread_join(worker, NULL);
  printf("%d\n", result);
  return 0;
}
