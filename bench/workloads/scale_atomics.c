/* scale_atomics: many distinct atomics, each carrying one hand-off.
 * A heap array of 1 Mi slots, each a plain payload word and an _Atomic flag. The producer writes
 * each slot's payload and then sets its flag with a release store; the consumer waits for each flag
 * with acquire loads (spin 64 times, then sched_yield) and then reads the payload. Each flag orders
 * its payload, so the program is race-free; the consumer checks every payload. The cost measured
 * is how the detector scales with the number of atomic locations that carry happens-before: a
 * sync object (clock) per flag created on its release store, found again on the acquire load
 * (per-element ready flags, sequence numbers in a big ring, a published pointer per object).
 * Usage: scale_atomics [slot_count] */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { SPINS_BEFORE_YIELD = 64 };

/* `payload` belongs to the producer until `ready` is 1, then to the consumer. */
struct handoff_slot {
  uint64_t payload;
  _Atomic uint32_t ready;
};

static struct handoff_slot *slots;
static size_t slot_count = 1u << 20;

static uint64_t payload_for(size_t i) { return (uint64_t)i * 2654435761u + 17; }

static void *produce(void *unused) {
  (void)unused;
  for (size_t i = 0; i < slot_count; ++i) {
    slots[i].payload = payload_for(i);
    atomic_store_explicit(&slots[i].ready, 1, memory_order_release);
  }
  return NULL;
}

static void *consume(void *raw_wrong) {
  size_t *wrong = raw_wrong;
  for (size_t i = 0; i < slot_count; ++i) {
    int spins = 0;
    while (atomic_load_explicit(&slots[i].ready, memory_order_acquire) == 0) {
      if (++spins == SPINS_BEFORE_YIELD) {
        spins = 0;
        sched_yield();
      }
    }
    if (slots[i].payload != payload_for(i))
      ++*wrong;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1)
    slot_count = strtoull(argv[1], NULL, 10);
  slots = calloc(slot_count ? slot_count : 1, sizeof *slots);
  if (!slots)
    return 2;
  size_t wrong = 0;
  pthread_t producer, consumer;
  pthread_create(&consumer, NULL, consume, &wrong);
  pthread_create(&producer, NULL, produce, NULL);
  pthread_join(producer, NULL);
  pthread_join(consumer, NULL);
  free(slots);
  if (wrong) {
    fprintf(stderr, "scale_atomics: %zu of %zu payloads wrong\n", wrong, slot_count);
    return 1;
  }
  printf("scale_atomics: %zu\n", slot_count);
  return 0;
}
