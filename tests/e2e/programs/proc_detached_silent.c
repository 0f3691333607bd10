// 200 detached workers (never joined), created from two threads, each fill a heap result and
// hand it to main through a mutex-protected list; main frees every result. Silent: the mutex
// orders each worker's writes before main's reads and frees, although no join does.
// EXPECT: silent
// TSAN: same
// PRINTS: collected 200 sum 19900
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

enum { kWorkers = 200 };

struct result {
  long value;
  struct result *next;
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct result *results;
static int result_count;

static void *produce(void *index_pointer) {
  struct result *r = malloc(sizeof *r);
  r->value = (long)index_pointer;
  pthread_mutex_lock(&list_lock);
  r->next = results;
  results = r;
  result_count++;
  pthread_mutex_unlock(&list_lock);
  return NULL;
}

static void *spawn_half(void *first_pointer) {
  for (long i = (long)first_pointer; i < kWorkers; i += 2) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t worker;
    pthread_create(&worker, &attr, produce, (void *)i);
    pthread_attr_destroy(&attr);
  }
  return NULL;
}

int main(void) {
  pthread_t spawner;
  pthread_create(&spawner, NULL, spawn_half, (void *)1L);
  pthread_detach(spawner);
  spawn_half((void *)0L);
  int collected = 0;
  long sum = 0;
  while (collected < kWorkers) {
    pthread_mutex_lock(&list_lock);
    struct result *taken = results;
    results = NULL;
    pthread_mutex_unlock(&list_lock);
    if (!taken) sched_yield();
    while (taken) {
      struct result *next = taken->next;
      sum += taken->value;
      free(taken);
      taken = next;
      ++collected;
    }
  }
  printf("collected %d sum %ld\n", collected, sum);
  return 0;
}
