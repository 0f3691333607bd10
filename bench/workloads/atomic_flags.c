/* atomic_flags: lock-free message passing through release/acquire atomics.
 * A producer and a consumer share a ring of message slots. Each slot carries plain (non-atomic)
 * payload words and an atomic `full` flag: the producer writes the payload and then sets the flag
 * with a release store; the consumer waits for the flag with acquire loads, reads the payload and
 * clears the flag with a release store so the producer may reuse the slot. The flags order every
 * payload access, so the program is race-free. The cost measured is atomic operations carrying
 * happens-before (a clock join per acquire, a clock publish per release) plus plain accesses.
 * Usage: atomic_flags [message_count] */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { SLOT_COUNT = 1024, PAYLOAD_WORDS = 4, SPINS_BEFORE_YIELD = 64 };

/* One message slot. `payload` is owned by the producer while `full` is 0 and by the consumer
 * while it is 1; ownership changes hands only through release/acquire on `full`. */
struct message_slot {
  _Atomic int full;
  uint64_t payload[PAYLOAD_WORDS];
};

static struct message_slot ring[SLOT_COUNT];
static long message_count = 8000000;

/* Spin briefly, then yield: with two cores the peer may be descheduled, and pure spinning would
 * measure the scheduler rather than the detector. */
static void wait_for_flag(_Atomic int *flag, int wanted) {
  int spins = 0;
  while (atomic_load_explicit(flag, memory_order_acquire) != wanted) {
    if (++spins == SPINS_BEFORE_YIELD) {
      spins = 0;
      sched_yield();
    }
  }
}

static void *produce(void *unused) {
  (void)unused;
  for (long message = 0; message < message_count; ++message) {
    struct message_slot *slot = &ring[message % SLOT_COUNT];
    wait_for_flag(&slot->full, 0);
    for (int word = 0; word < PAYLOAD_WORDS; ++word)
      slot->payload[word] = (uint64_t)message * PAYLOAD_WORDS + (uint64_t)word;
    atomic_store_explicit(&slot->full, 1, memory_order_release);
  }
  return NULL;
}

static void *consume(void *raw_sum) {
  uint64_t *sum = raw_sum;
  for (long message = 0; message < message_count; ++message) {
    struct message_slot *slot = &ring[message % SLOT_COUNT];
    wait_for_flag(&slot->full, 1);
    for (int word = 0; word < PAYLOAD_WORDS; ++word)
      *sum += slot->payload[word];
    atomic_store_explicit(&slot->full, 0, memory_order_release);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1)
    message_count = strtol(argv[1], NULL, 10);
  uint64_t sum = 0;
  pthread_t producer, consumer;
  pthread_create(&consumer, NULL, consume, &sum);
  pthread_create(&producer, NULL, produce, NULL);
  pthread_join(producer, NULL);
  pthread_join(consumer, NULL);
  /* The payload words are 0, 1, 2, ... message_count * PAYLOAD_WORDS - 1. */
  uint64_t word_count = (uint64_t)message_count * PAYLOAD_WORDS;
  uint64_t expected = word_count * (word_count - 1) / 2;
  if (sum != expected) {
    fprintf(stderr, "atomic_flags: sum %llu, expected %llu\n", (unsigned long long)sum,
            (unsigned long long)expected);
    return 1;
  }
  printf("atomic_flags: %ld messages, sum %llu\n", message_count, (unsigned long long)sum);
  return 0;
}
