// A pthread_key_create destructor runs as its thread exits, after the start routine returned.
// Here it hands the thread's buffer to main through a mutex-protected list; main, which never
// joins the detached workers, takes the buffers under the same mutex and reads them. The mutex
// orders the workers' writes before main's reads: silent.
// EXPECT: silent
// TSAN: same
// PRINTS: collected 4 total 4006
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { kWorkers = 4 };

struct buffer {
  long value;
  struct buffer *next;
};

static pthread_key_t buffer_key;
static pthread_mutex_t collected_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t collected_changed = PTHREAD_COND_INITIALIZER;
static struct buffer *collected;
static int collected_count;

static void hand_over_buffer(void *raw) {
  struct buffer *b = raw;
  pthread_mutex_lock(&collected_lock);
  b->next = collected;
  collected = b;
  collected_count++;
  pthread_cond_signal(&collected_changed);
  pthread_mutex_unlock(&collected_lock);
}

static void *work(void *index_pointer) {
  struct buffer *b = malloc(sizeof *b);
  b->value = 1000 + (long)index_pointer;
  pthread_setspecific(buffer_key, b);
  return NULL;
}

int main(void) {
  pthread_key_create(&buffer_key, hand_over_buffer);
  for (long i = 0; i < kWorkers; i++) {
    pthread_t worker;
    pthread_create(&worker, NULL, work, (void *)i);
    pthread_detach(worker);
  }
  pthread_mutex_lock(&collected_lock);
  while (collected_count < kWorkers) pthread_cond_wait(&collected_changed, &collected_lock);
  long total = 0;
  while (collected) {
    struct buffer *b = collected;
    collected = b->next;
    total += b->value;
    free(b);
  }
  pthread_mutex_unlock(&collected_lock);
  printf("collected %d total %ld\n", collected_count, total);
  return 0;
}
