// The shape of zstd's context pool: a worker takes a context from the pool under its lock, and
// finding none free makes a new one; much later it gives the context back, testing again under
// the lock whether the pool has room before pushing it. Another thread gave a context back in
// between. Whether the take found one decided, through the context it chose (a null one is not
// given back), that the push runs at all; but the push's own critical section tested the count
// again, and what it writes comes from that new test's read: nothing is lost. Silent.
// (The helpers are always inlined, as zstd's are at -O2: a call of a helper that passes the
// chosen context depends on the take through that value, which says nothing of what the
// helper's own code decides with it.)
// EXPECT: silent
// TSAN: same
// ALSO AT: -O0 -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

#define POOL_SIZE 2
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int available;  // contexts in the pool
static void *pool[POOL_SIZE];
static sem_t took, gave_back;

// Returns a context from the pool, or a new one when none is free.
static inline __attribute__((always_inline)) void *take_context(void) {
  pthread_mutex_lock(&pool_lock);
  if (available) {  // the take's test: none free
    available--;
    void *context = pool[available];
    pthread_mutex_unlock(&pool_lock);
    return context;
  }
  pthread_mutex_unlock(&pool_lock);
  return malloc(16);
}

static inline __attribute__((always_inline)) void give_back(void *context) {
  if (context == NULL) return;
  pthread_mutex_lock(&pool_lock);
  if (available < POOL_SIZE)  // tested again, in the push's own section
    pool[available++] = context;
  else
    free(context);
  pthread_mutex_unlock(&pool_lock);
}

static void *worker(void *arg) {
  (void)arg;
  void *context = take_context();
  sem_post(&took);
  sem_wait(&gave_back);
  give_back(context);
  return NULL;
}

static void *other(void *arg) {
  (void)arg;
  sem_wait(&took);
  give_back(malloc(16));
  sem_post(&gave_back);
  return NULL;
}

int main(void) {
  sem_init(&took, 0, 0);
  sem_init(&gave_back, 0, 0);
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, other, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("pooled %d\n", available);
  for (int i = 0; i < available; i++) free(pool[i]);
  return 0;
}
