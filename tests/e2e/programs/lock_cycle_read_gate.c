// An AB/BA inversion "guarded" by a gate that both threads hold in READ mode. Readers share the
// gate, so both threads can be inside it at once, each holding one of A and B: the gate does not
// exclude them and the cycle is a real potential deadlock (contrast samples/lock_order_gate_lock.c,
// whose gate is a mutex). The threads run one after the other so this run cannot hang.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>

static pthread_rwlock_t gate = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int moves;

static void *a_then_b(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&gate);
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // CYCLE
  moves += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_rwlock_unlock(&gate);
  return NULL;
}

static void *b_then_a(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&gate);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // CYCLE
  moves += 1;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  pthread_rwlock_unlock(&gate);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, a_then_b, NULL);
  pthread_join(thread, NULL);
  pthread_create(&thread, NULL, b_then_a, NULL);
  pthread_join(thread, NULL);
  return moves == 2 ? 0 : 1;
}
