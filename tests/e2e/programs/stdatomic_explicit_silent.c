// A small C11 <stdatomic.h> pipeline: a producer fills a record and publishes its index with
// atomic_store_explicit(memory_order_release); a middle stage takes it with
// atomic_load_explicit(memory_order_acquire), adds to the record and passes it on with
// atomic_exchange_explicit(memory_order_acq_rel); the consumer takes it with
// atomic_compare_exchange_strong_explicit(memory_order_acquire) and reads the record. Meanwhile
// all three count with atomic_fetch_add and atomic_fetch_or. Everything is ordered.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct record {
  long value;
  long checked;
};

struct record records[4];
atomic_int to_middle = -1;
atomic_int to_consumer = -1;
atomic_long steps;
atomic_uint seen_mask;

static void *producer(void *unused) {
  (void)unused;
  records[2].value = 40;
  atomic_fetch_add(&steps, 1);
  atomic_fetch_or(&seen_mask, 1u);
  atomic_store_explicit(&to_middle, 2, memory_order_release);
  return NULL;
}

static void *middle(void *unused) {
  (void)unused;
  int index;
  while ((index = atomic_load_explicit(&to_middle, memory_order_acquire)) < 0) sched_yield();
  records[index].value += 2;
  records[index].checked = 1;
  atomic_fetch_add_explicit(&steps, 1, memory_order_relaxed);
  atomic_fetch_or_explicit(&seen_mask, 2u, memory_order_relaxed);
  atomic_exchange_explicit(&to_consumer, index, memory_order_acq_rel);
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, producer, NULL);
  pthread_create(&threads[1], NULL, middle, NULL);
  int index = 2;
  int expected = 2;
  while (!atomic_compare_exchange_strong_explicit(&to_consumer, &expected, -1,
                                                  memory_order_acquire, memory_order_relaxed)) {
    expected = 2;
    sched_yield();
  }
  long value = records[index].value;
  long checked = records[index].checked;
  atomic_fetch_add(&steps, 1);
  atomic_fetch_or(&seen_mask, 4u);
  pthread_join(threads[0], NULL);
  pthread_join(threads[1], NULL);
  printf("%ld %ld %ld %u\n", value, checked, atomic_load(&steps), atomic_load(&seen_mask));
  return value == 42 && checked == 1 && atomic_load(&steps) == 3 ? 0 : 1;
}
