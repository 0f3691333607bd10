// A compare-exchange that fails writes nothing, so its release (success) order releases nothing.
// The first writer sets the flag with a release store; the second writes its own payload and
// then tries to claim the flag with an acq_rel compare-exchange from 0, which fails because it
// waits for the first writer's store before trying. The reader's acquire load of the flag
// synchronizes with the first writer only: the second payload races.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

long first_payload, second_payload;
int flag;

static void *first_writer(void *unused) {
  (void)unused;
  first_payload = 1;
  __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *second_writer(void *unused) {
  (void)unused;
  second_payload = 2;  // RACE
  while (__atomic_load_n(&flag, __ATOMIC_RELAXED) == 0) sched_yield();
  int expected = 0;
  __atomic_compare_exchange_n(&flag, &expected, 2, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
  return (void *)(long)expected;
}

int main(void) {
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, first_writer, NULL);
  pthread_create(&threads[1], NULL, second_writer, NULL);
  while (__atomic_load_n(&flag, __ATOMIC_ACQUIRE) == 0) sched_yield();
  long sum = first_payload + second_payload;  // RACE
  pthread_join(threads[0], NULL);
  pthread_join(threads[1], NULL);
  printf("%ld\n", sum);
  return 0;
}
