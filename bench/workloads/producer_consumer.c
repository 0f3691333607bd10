/* producer_consumer: blocking hand-off workload.
 * Two producers push numbered items into a bounded ring buffer guarded by one mutex and two
 * condition variables (not-full, not-empty); two consumers pop them and add them up. All queue
 * state is touched only under the mutex, so the program is race-free. The cost measured is
 * mutex + condition-variable modelling under frequent blocking and wake-ups.
 * Usage: producer_consumer [items_per_producer] */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PRODUCER_COUNT = 2, CONSUMER_COUNT = 2, QUEUE_CAPACITY = 256 };

/* A bounded FIFO of integers. Every member is guarded by `lock`. */
struct bounded_queue {
  pthread_mutex_t lock;
  pthread_cond_t not_full;
  pthread_cond_t not_empty;
  uint64_t slots[QUEUE_CAPACITY];
  size_t head;
  size_t count;
  int producers_left;
};

static struct bounded_queue queue = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .not_full = PTHREAD_COND_INITIALIZER,
    .not_empty = PTHREAD_COND_INITIALIZER,
    .producers_left = PRODUCER_COUNT,
};
static long items_per_producer = 500000;

static void *produce(void *unused) {
  (void)unused;
  for (long item = 1; item <= items_per_producer; ++item) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == QUEUE_CAPACITY)
      pthread_cond_wait(&queue.not_full, &queue.lock);
    queue.slots[(queue.head + queue.count) % QUEUE_CAPACITY] = (uint64_t)item;
    ++queue.count;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
  }
  pthread_mutex_lock(&queue.lock);
  --queue.producers_left;
  pthread_cond_broadcast(&queue.not_empty); /* consumers waiting on an empty queue may stop */
  pthread_mutex_unlock(&queue.lock);
  return NULL;
}

struct consumer_result {
  uint64_t sum;
  long items;
};

static void *consume(void *raw_result) {
  struct consumer_result *result = raw_result;
  for (;;) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0 && queue.producers_left > 0)
      pthread_cond_wait(&queue.not_empty, &queue.lock);
    if (queue.count == 0) {
      pthread_mutex_unlock(&queue.lock);
      return NULL;
    }
    uint64_t item = queue.slots[queue.head];
    queue.head = (queue.head + 1) % QUEUE_CAPACITY;
    --queue.count;
    pthread_cond_signal(&queue.not_full);
    pthread_mutex_unlock(&queue.lock);
    result->sum += item;
    ++result->items;
  }
}

int main(int argc, char **argv) {
  if (argc > 1)
    items_per_producer = strtol(argv[1], NULL, 10);
  pthread_t producers[PRODUCER_COUNT], consumers[CONSUMER_COUNT];
  struct consumer_result results[CONSUMER_COUNT] = {{0, 0}};
  for (int i = 0; i < CONSUMER_COUNT; ++i)
    pthread_create(&consumers[i], NULL, consume, &results[i]);
  for (int i = 0; i < PRODUCER_COUNT; ++i)
    pthread_create(&producers[i], NULL, produce, NULL);
  for (int i = 0; i < PRODUCER_COUNT; ++i)
    pthread_join(producers[i], NULL);
  uint64_t sum = 0;
  long items = 0;
  for (int i = 0; i < CONSUMER_COUNT; ++i) {
    pthread_join(consumers[i], NULL);
    sum += results[i].sum;
    items += results[i].items;
  }
  uint64_t n = (uint64_t)items_per_producer;
  uint64_t expected_sum = PRODUCER_COUNT * (n * (n + 1) / 2);
  if (items != PRODUCER_COUNT * items_per_producer || sum != expected_sum) {
    fprintf(stderr, "producer_consumer: %ld items summing to %llu, expected %ld and %llu\n",
            items, (unsigned long long)sum, PRODUCER_COUNT * items_per_producer,
            (unsigned long long)expected_sum);
    return 1;
  }
  printf("producer_consumer: %ld items, sum %llu\n", items, (unsigned long long)sum);
  return 0;
}
