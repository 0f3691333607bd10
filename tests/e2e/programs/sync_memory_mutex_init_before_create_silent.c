// Mutexes used the ordinary ways stay silent now that lock calls read the mutex's memory: one
// initialized before the threads that lock it are created and destroyed after they are joined,
// one statically initialized (PTHREAD_MUTEX_INITIALIZER, no init call) locked by eight threads,
// and a spin lock and a rwlock set up and torn down the same way.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O0 -O2
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 8, kRounds = 2000 };

static pthread_mutex_t initialized;
static pthread_mutex_t static_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spin;
static pthread_rwlock_t table_lock;
static long a, b, c, d, e;

static void *worker(void *unused) {
  (void)unused;
  for (int i = 0; i < kRounds; i++) {
    pthread_mutex_lock(&initialized);
    a++;
    pthread_mutex_unlock(&initialized);
    pthread_mutex_lock(&static_lock);
    b++;
    pthread_mutex_unlock(&static_lock);
    if (pthread_mutex_trylock(&static_lock) == 0) {
      c++;
      pthread_mutex_unlock(&static_lock);
    }
    pthread_spin_lock(&spin);
    d++;
    pthread_spin_unlock(&spin);
    pthread_rwlock_wrlock(&table_lock);
    e++;
    pthread_rwlock_unlock(&table_lock);
    pthread_rwlock_rdlock(&table_lock);
    long seen = e;
    pthread_rwlock_unlock(&table_lock);
    (void)seen;
  }
  return NULL;
}

int main(void) {
  pthread_mutex_init(&initialized, NULL);
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_rwlock_init(&table_lock, NULL);
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; i++) pthread_create(&threads[i], NULL, worker, NULL);
  pthread_mutex_lock(&static_lock);
  b++;
  pthread_mutex_unlock(&static_lock);
  for (int i = 0; i < kThreads; i++) pthread_join(threads[i], NULL);
  pthread_rwlock_destroy(&table_lock);
  pthread_spin_destroy(&spin);
  pthread_mutex_destroy(&initialized);
  pthread_mutex_destroy(&static_lock);
  printf("%ld %ld %ld %ld %ld\n", a, b, c, d, e);
  return 0;
}
