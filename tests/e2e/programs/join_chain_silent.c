// T1 writes, T2 joins T1 and then updates, main joins T2 and then reads: joins chain the order.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

int stage_result;
static pthread_t first_stage;

static void *run_first(void *unused) {
  (void)unused;
  stage_result = 10;
  return NULL;
}

static void *run_second(void *unused) {
  (void)unused;
  pthread_join(first_stage, NULL);
  stage_result *= 3;
  return NULL;
}

int main(void) {
  pthread_t second_stage;
  pthread_create(&first_stage, NULL, run_first, NULL);
  pthread_create(&second_stage, NULL, run_second, NULL);
  pthread_join(second_stage, NULL);
  printf("%d\n", stage_result);
  return stage_result == 30 ? 0 : 1;
}
