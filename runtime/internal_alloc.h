// The runtime's own memory: a size-class allocator on top of anonymous mappings.
//
// Metadata (vector clocks, sync objects, contexts, reports) never lives in the program's heap, so
// the program's malloc is neither disturbed nor re-entered. Thread-safety: all functions are
// thread-safe (a spin lock per size class); none is used on the access fast path.
#ifndef INTERLOCK_RUNTIME_INTERNAL_ALLOC_H
#define INTERLOCK_RUNTIME_INTERNAL_ALLOC_H

#include <stddef.h>

namespace interlock {

// Returns zeroed memory aligned to 16 bytes (to the page for sizes above 1 MiB), its `size` bytes
// resident and the process's own (no page fault at the first write, internal_alloc.cpp). Never
// null: running out of memory is an internal error.
void *internal_alloc(size_t size);
// `size` must be the size given to internal_alloc.
void internal_free(void *p, size_t size);

// Typed helpers: construct with placement-new is not available without libstdc++ headers, so
// runtime types are plain aggregates that are valid when zeroed.
template <class T>
T *internal_new_zeroed(size_t count = 1) {
  return static_cast<T *>(internal_alloc(sizeof(T) * count));
}

// Appends `value` to an array of the runtime's memory holding `count` of `capacity` elements
// (none and null at first), doubling it when full, from `first_capacity`. Not thread-safe: the
// caller's lock guards the array.
template <class T, class Size>
void internal_append(T *&array, Size &count, Size &capacity, const T &value,
                     Size first_capacity = 64) {
  if (count == capacity) {
    const Size grown = capacity ? capacity * 2 : first_capacity;
    T *fresh = internal_new_zeroed<T>(grown);
    for (Size i = 0; i < count; i++) fresh[i] = array[i];
    if (array) internal_free(array, capacity * sizeof(T));
    array = fresh;
    capacity = grown;
  }
  array[count++] = value;
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERNAL_ALLOC_H
