// main joins the first worker but reads what the second one wrote before joining it.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

int first_output;
int second_output;

static void *first_worker(void *unused) {
  (void)unused;
  first_output = 1;
  return NULL;
}

static void *second_worker(void *unused) {
  (void)unused;
  second_output = 2;  // RACE
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, first_worker, NULL);
  pthread_create(&second, NULL, second_worker, NULL);
  pthread_join(first, NULL);
  int total = first_output + second_output;  // RACE
  pthread_join(second, NULL);
  printf("%d\n", total);
  return 0;
}
