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

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERNAL_ALLOC_H
