// Two unrelated AB/BA cycles in one process (locks A/B, then locks C/D): two findings, each with
// its own key. The threads run one after the other so this run cannot hang.
// EXPECT: lock-order-cycle :first
// EXPECT: lock-order-cycle :second
// TSAN: same
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;
static int moves;

static void *a_then_b(void *unused) {
  (void)unused;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // CYCLE:first EDGE_AB
  moves += 1;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return NULL;
}

static void *b_then_a(void *unused) {
  (void)unused;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // CYCLE:first EDGE_AB
  moves += 1;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}

static void *c_then_d(void *unused) {
  (void)unused;
  pthread_mutex_lock(&c);
  pthread_mutex_lock(&d);  // CYCLE:second EDGE_CD
  moves += 1;
  pthread_mutex_unlock(&d);
  pthread_mutex_unlock(&c);
  return NULL;
}

static void *d_then_c(void *unused) {
  (void)unused;
  pthread_mutex_lock(&d);
  pthread_mutex_lock(&c);  // CYCLE:second EDGE_CD
  moves += 1;
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&d);
  return NULL;
}

int main(void) {
  void *(*const steps[])(void *) = {a_then_b, b_then_a, c_then_d, d_then_c};
  for (int i = 0; i < 4; ++i) {
    pthread_t thread;
    pthread_create(&thread, NULL, steps[i], NULL);
    pthread_join(thread, NULL);
  }
  return moves == 4 ? 0 : 1;
}
