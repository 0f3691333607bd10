/* scale_threads: many short-lived threads.
 * The main thread creates 30,000 threads in total, keeping at most 64 alive: once 64 are running
 * it joins the oldest before creating the next. Each thread locks a shared mutex, adds its index
 * to a shared sum, bumps a shared counter and writes its slot of a shared 64-entry table, then
 * exits. All shared data is touched under the mutex (or before create / after join), so the
 * program is race-free; the sum and count are checked. The cost measured is thread creation, exit
 * and join in the detector (thread registry, vector clocks that grow with the number of threads
 * ever created unless slots are reused, per-thread shadow stacks and caches), as in a server that
 * spawns a thread per request.
 * Usage: scale_threads [thread_count] */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_ALIVE = 64 };

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t index_sum;    /* guarded by shared_lock */
static uint64_t thread_runs;  /* guarded by shared_lock */
static uint64_t last_index_in_slot[MAX_ALIVE]; /* guarded by shared_lock */

static void *touch_shared_data(void *raw_index) {
  uint64_t index = (uint64_t)(uintptr_t)raw_index;
  pthread_mutex_lock(&shared_lock);
  index_sum += index;
  thread_runs += 1;
  last_index_in_slot[index % MAX_ALIVE] = index;
  pthread_mutex_unlock(&shared_lock);
  return NULL;
}

int main(int argc, char **argv) {
  size_t thread_count = argc > 1 ? strtoull(argv[1], NULL, 10) : 30000;
  pthread_t alive[MAX_ALIVE];
  for (size_t i = 0; i < thread_count; ++i) {
    if (i >= MAX_ALIVE)
      pthread_join(alive[i % MAX_ALIVE], NULL);
    if (pthread_create(&alive[i % MAX_ALIVE], NULL, touch_shared_data, (void *)(uintptr_t)i)) {
      fprintf(stderr, "scale_threads: pthread_create failed at thread %zu\n", i);
      return 2;
    }
  }
  size_t still_alive = thread_count < MAX_ALIVE ? thread_count : MAX_ALIVE;
  for (size_t k = 0; k < still_alive; ++k)
    pthread_join(alive[(thread_count - still_alive + k) % MAX_ALIVE], NULL);
  uint64_t expected_sum = thread_count ? (uint64_t)thread_count * (thread_count - 1) / 2 : 0;
  int wrong = index_sum != expected_sum || thread_runs != thread_count;
  for (size_t k = 0; k < still_alive && !wrong; ++k) {
    size_t index = thread_count - still_alive + k;
    wrong = last_index_in_slot[index % MAX_ALIVE] != index;
  }
  if (wrong) {
    fprintf(stderr, "scale_threads: sum %llu runs %llu, expected %llu and %zu\n",
            (unsigned long long)index_sum, (unsigned long long)thread_runs,
            (unsigned long long)expected_sum, thread_count);
    return 1;
  }
  printf("scale_threads: %zu\n", thread_count);
  return 0;
}
