// A gate lock that only one side takes does not guard anything: T1 takes gate, A, B; T2 takes
// B, A without the gate. T1 can hold A while T2 holds B, so the cycle A -> B -> A is reported.
// The threads run one after the other so this run cannot hang.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int moves;

static void *gated_a_then_b(void *unused) {
  (void)unused;
  pthread_mutex_lock(&gate);
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // CYCLE
  moves += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&gate);
  return NULL;
}

static void *ungated_b_then_a(void *unused) {
  (void)unused;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // CYCLE
  moves += 1;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, gated_a_then_b, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, ungated_b_then_a, NULL);
  pthread_join(thread, NULL);
  return moves == 2 ? 0 : 1;
}
