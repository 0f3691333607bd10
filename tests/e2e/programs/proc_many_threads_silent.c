// 10,000 short-lived threads, created and joined in batches of 50; each adds to a shared total
// under a mutex and writes its own slot; main reads everything after the joins. Silent, and it
// must finish in seconds (thread records and clocks of finished threads must not pile up into
// quadratic work).
// EXPECT: silent
// TSAN: same
// PRINTS: ran 10000 threads, total 49995000
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 10000, kBatch = 50 };

static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static long slots[kThreads];
long total;

static void *add_index(void *index_pointer) {
  long index = (long)index_pointer;
  slots[index] = index;
  pthread_mutex_lock(&total_lock);
  total += index;
  pthread_mutex_unlock(&total_lock);
  return NULL;
}

int main(void) {
  for (long first = 0; first < kThreads; first += kBatch) {
    pthread_t batch[kBatch];
    for (long i = 0; i < kBatch; ++i)
      pthread_create(&batch[i], NULL, add_index, (void *)(first + i));
    for (long i = 0; i < kBatch; ++i) pthread_join(batch[i], NULL);
  }
  long ran = 0;
  for (long i = 0; i < kThreads; ++i) ran += slots[i] == i;
  printf("ran %ld threads, total %ld\n", ran, total);
  return 0;
}
