// A semaphore's own memory: a thread posts twice, the second time once a relaxed flag (which
// orders nothing) says main's wait returned; main waits once and destroys the semaphore at once.
// Main's wait took the first post only, so nothing orders the second post before the destroy:
// the post's read races with the destroy's write.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not treat semaphore calls as accesses to the semaphore's memory
// ALSO AT: -O0
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t ready;
static int waited;

static void *poster(void *unused) {
  (void)unused;
  sem_post(&ready);
  while (!__atomic_load_n(&waited, __ATOMIC_RELAXED)) usleep(1000);
  sem_post(&ready);  // RACE
  return NULL;
}

int main(void) {
  sem_init(&ready, 0, 0);
  pthread_t thread;
  pthread_create(&thread, NULL, poster, NULL);
  sem_wait(&ready);
  __atomic_store_n(&waited, 1, __ATOMIC_RELAXED);
  sem_destroy(&ready);  // RACE
  pthread_join(thread, NULL);
  puts("done");
  return 0;
}
