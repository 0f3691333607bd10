// What the interceptors of synchronization objects (locks, condition variables, barriers,
// semaphores) tell the runtime about the object's own memory: init and destroy write it, every
// other call reads it (see sync_object_access in rt.h). The user's line is the call site the
// instrumented caller stored. Lock and unlock calls pass kMutexReadsObject to the mutex model
// instead, which places the read between the acquisition and the held set.
//
// Thread-safety: like any access check (the calling thread's state and the shadow).
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_SYNC_OBJECT_MEMORY_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_SYNC_OBJECT_MEMORY_H

#include "interceptor.h"

namespace interlock {

inline void sync_object_written(ThreadState *thr, const volatile void *object) {
  sync_object_access(thr, address_of(object), /*is_write=*/true, current_callsite());
}

inline void sync_object_read(ThreadState *thr, const volatile void *object) {
  sync_object_access(thr, address_of(object), /*is_write=*/false, current_callsite());
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_SYNC_OBJECT_MEMORY_H
