// Sixteen distinct data races, one after another, a millisecond apart: a process killed at any
// moment has reported some of them (tests/cli/fault_injection.py). Each race is on its own
// global at its own line, so each has its own key.
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define RACY_STORE(n)                   \
  long counter_##n;                     \
  static void *store_##n(void *unused) { \
    (void)unused;                       \
    counter_##n = n;                    \
    return NULL;                        \
  }
RACY_STORE(0)
RACY_STORE(1)
RACY_STORE(2)
RACY_STORE(3)
RACY_STORE(4)
RACY_STORE(5)
RACY_STORE(6)
RACY_STORE(7)
RACY_STORE(8)
RACY_STORE(9)
RACY_STORE(10)
RACY_STORE(11)
RACY_STORE(12)
RACY_STORE(13)
RACY_STORE(14)
RACY_STORE(15)

static void *(*const stores[])(void *) = {
    store_0, store_1, store_2,  store_3,  store_4,  store_5,  store_6,  store_7,
    store_8, store_9, store_10, store_11, store_12, store_13, store_14, store_15};

int main(void) {
  for (unsigned i = 0; i < sizeof stores / sizeof stores[0]; i++) {
    pthread_t first, second;
    pthread_create(&first, NULL, stores[i], NULL);
    pthread_create(&second, NULL, stores[i], NULL);
    pthread_join(first, NULL);
    pthread_join(second, NULL);
    struct timespec pause = {0, 1000000};
    nanosleep(&pause, NULL);
  }
  printf("races_over_time: finished\n");
  return 0;
}
