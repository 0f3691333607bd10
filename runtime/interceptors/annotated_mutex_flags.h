// The creation flags of mutexes annotated through TSan's __tsan_mutex_* API (linker_init,
// write_reentrant, read_reentrant, not_static, in that API's numbering), remembered from
// __tsan_mutex_create (or from the first lock call that carries them, for a mutex never created)
// until __tsan_mutex_destroy, because later calls need them without repeating them.
//
// Thread-safety: all functions may run concurrently (a spin lock per shard). Heap-free. Only
// mutexes created with a non-zero creation flag take an entry; while none did, lookups return 0
// without taking a lock.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_ANNOTATED_MUTEX_FLAGS_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_ANNOTATED_MUTEX_FLAGS_H

#include "../rt.h"

namespace interlock {

// ORs `creation_flags` into what is remembered for mutex m (nothing happens for 0).
void remember_mutex_flags(uptr m, unsigned creation_flags);
// What was remembered for m, or 0.
unsigned remembered_mutex_flags(uptr m);
// Forgets m (its address may next hold another mutex).
void forget_mutex_flags(uptr m);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_ANNOTATED_MUTEX_FLAGS_H
