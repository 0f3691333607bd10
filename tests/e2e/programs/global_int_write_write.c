// Two threads store to the same global int with nothing ordering them: a write/write race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

int shared_value;

static void *writer_a(void *unused) {
  (void)unused;
  shared_value = 1;  // RACE
  return NULL;
}

static void *writer_b(void *unused) {
  (void)unused;
  shared_value = 2;  // RACE
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, writer_a, NULL);
  pthread_create(&b, NULL, writer_b, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", shared_value);
  return 0;
}
