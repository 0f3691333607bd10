// The reference-count idiom of stdatomic_refcount_fence_silent.c with the acquire fence left
// out: the last owner's release decrement acquires nothing, so its reads of the other owners'
// slots race with their writes. (Two owners, so that exactly one slot is read across threads;
// the main thread frees the object after joining them.)
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { kOwners = 2 };

struct shared {
  atomic_int references;
  long slots[kOwners];
};

struct owner {
  struct shared *object;
  int index;
};

long last_sum;

static void *use_and_drop(void *arg) {
  struct owner *owner = arg;
  struct shared *object = owner->object;
  object->slots[owner->index] = 10 * (owner->index + 1);  // RACE
  if (atomic_fetch_sub_explicit(&object->references, 1, memory_order_release) == 1) {
    long sum = 0;
    for (int i = 0; i < kOwners; ++i) sum += object->slots[i];  // RACE
    last_sum = sum;
  }
  return NULL;
}

int main(void) {
  struct shared *object = malloc(sizeof *object);
  atomic_init(&object->references, kOwners);
  struct owner owners[kOwners];
  pthread_t threads[kOwners];
  for (int i = 0; i < kOwners; ++i) {
    owners[i] = (struct owner){object, i};
    pthread_create(&threads[i], NULL, use_and_drop, &owners[i]);
  }
  for (int i = 0; i < kOwners; ++i) pthread_join(threads[i], NULL);
  printf("%ld\n", last_sum);
  free(object);
  return 0;
}
