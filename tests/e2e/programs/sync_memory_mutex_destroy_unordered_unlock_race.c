// A mutex's own memory: main destroys a mutex that a thread unlocked, with nothing ordering the
// unlock before the destroy. The thread's post tells main only that it holds the lock; the
// unlock comes after the post, so the destroy's write races with the unlock's read of the
// mutex. A relaxed flag (which orders nothing) makes main destroy only after the unlock in real
// time, so the destroy finds the mutex free (no mutex misuse).
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t state_lock;
static sem_t locked;
static int state;
static int unlocked;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&state_lock);
  state = 1;
  sem_post(&locked);
  usleep(20 * 1000);
  pthread_mutex_unlock(&state_lock);  // RACE
  __atomic_store_n(&unlocked, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_mutex_init(&state_lock, NULL);
  sem_init(&locked, 0, 0);
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  sem_wait(&locked);
  while (!__atomic_load_n(&unlocked, __ATOMIC_RELAXED)) usleep(1000);
  pthread_mutex_destroy(&state_lock);  // RACE
  pthread_join(thread, NULL);
  sem_destroy(&locked);
  printf("state %d\n", state);
  return 0;
}
