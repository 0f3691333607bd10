// A mutex's own memory: main frees the block holding a mutex that a thread locked and unlocked,
// ordered by nothing (main waits for a relaxed flag, which orders nothing, so that the free
// comes after the unlock in real time). The free writes the block, the lock call read the
// mutex: they race. The thread touches nothing else of the block.
// EXPECT: data-race
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct account {
  pthread_mutex_t lock;
  long balance;
};

static struct account *shared;
static long total;
static int finished;

static void *worker(void *unused) {
  (void)unused;
  struct account *account = shared;
  pthread_mutex_lock(&account->lock);  // RACE
  total++;
  pthread_mutex_unlock(&account->lock);
  __atomic_store_n(&finished, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  shared = malloc(sizeof *shared);
  pthread_mutex_init(&shared->lock, NULL);
  shared->balance = 0;
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  while (!__atomic_load_n(&finished, __ATOMIC_RELAXED)) usleep(1000);
  free(shared);  // RACE
  pthread_join(thread, NULL);
  printf("total %ld\n", total);
  return 0;
}
