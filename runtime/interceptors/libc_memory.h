// The C library's memcpy, memmove and memset, called without the checks of our interceptors.
//
// Contract: for runtime code that copies on its own behalf while the thread may still be watched
// (not inside ScopedInRuntime): __interlock_memcpy & co. in runtime/access.cpp, which checked the
// ranges already with the intrinsic's own site, and realloc in heap.cpp, whose copy goes into a
// block the heap model has not been told about yet. A plain memcpy call there lands in the
// memcpy interceptor (the runtime is linked into the executable that defines it) and is checked
// again. Same behaviour as the libc functions; callable before the runtime is initialized.
//
// Thread-safety: as the libc functions.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_LIBC_MEMORY_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_LIBC_MEMORY_H

#include <stddef.h>

namespace interlock {

void *unchecked_memcpy(void *destination, const void *source, size_t size);
void *unchecked_memmove(void *destination, const void *source, size_t size);
void *unchecked_memset(void *destination, int value, size_t size);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_LIBC_MEMORY_H
