// The reference-count idiom with C11 fences: each of three owners writes its slot of a shared
// heap object, then drops its reference with atomic_fetch_sub_explicit(memory_order_release);
// the owner that drops the last one issues atomic_thread_fence(memory_order_acquire) and then
// reads every slot and frees the object. The decrements form one release sequence, and the
// acquire fence after reading its end synchronizes with every earlier owner's release
// ([atomics.fences] p4), so the reads and the free are ordered after all slot writes.
// EXPECT: silent
// TSAN: differs clang-14's TSan ignores atomic_thread_fence, so it reports the last owner's reads (and free) as racing with the other owners' slot writes
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { kOwners = 3 };

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
  object->slots[owner->index] = 10 * (owner->index + 1);
  if (atomic_fetch_sub_explicit(&object->references, 1, memory_order_release) == 1) {
    atomic_thread_fence(memory_order_acquire);
    long sum = 0;
    for (int i = 0; i < kOwners; ++i) sum += object->slots[i];
    last_sum = sum;
    free(object);
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
  return last_sum == 60 ? 0 : 1;
}
