// 10,000 short-lived threads, created and joined in batches of 50; each writes only its own
// slot, except the last two, which both write 'last_writer' with nothing ordering them: a race
// between two of the highest thread ids (must still be found, with both stacks).
// EXPECT: data-race
// TSAN: same
// PRINTS: ran 10000 threads
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 10000, kBatch = 50 };

static long slots[kThreads];
long last_writer;

static void *fill_slot(void *index_pointer) {
  long index = (long)index_pointer;
  slots[index] = index;
  return NULL;
}

static void *claim_last_a(void *index_pointer) {
  slots[(long)index_pointer] = (long)index_pointer;
  last_writer = (long)index_pointer;  // RACE:FIRST
  return NULL;
}

static void *claim_last_b(void *index_pointer) {
  slots[(long)index_pointer] = (long)index_pointer;
  last_writer = -(long)index_pointer;  // RACE:SECOND
  return NULL;
}

int main(void) {
  for (long first = 0; first < kThreads; first += kBatch) {
    pthread_t batch[kBatch];
    for (long i = 0; i < kBatch; ++i) {
      long index = first + i;
      void *(*routine)(void *) = index == kThreads - 2 ? claim_last_a
                                 : index == kThreads - 1 ? claim_last_b
                                                         : fill_slot;
      pthread_create(&batch[i], NULL, routine, (void *)index);
    }
    for (long i = 0; i < kBatch; ++i) pthread_join(batch[i], NULL);
  }
  long ran = 0;
  for (long i = 0; i < kThreads; ++i) ran += slots[i] == i;
  printf("ran %ld threads, last %ld\n", ran, last_writer);
  return 0;
}
