// Several threads call pthread_once; the initializer writes a table that every caller reads after
// pthread_once returns. pthread_once orders the initialization before every return.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
int squares[64];

static void build_table(void) {
  for (int i = 0; i < 64; ++i) squares[i] = i * i;
}

static void *use_table(void *arg) {
  long *result = arg;
  pthread_once(&table_once, build_table);
  for (int i = 0; i < 64; ++i) *result += squares[i];
  return NULL;
}

int main(void) {
  long results[3] = {0, 0, 0};
  pthread_t workers[3];
  for (int i = 0; i < 3; ++i) pthread_create(&workers[i], NULL, use_table, &results[i]);
  for (int i = 0; i < 3; ++i) pthread_join(workers[i], NULL);
  printf("%ld\n", results[0] + results[1] + results[2]);
  return 0;
}
