// Modelling a once-routine (pthread_once, C11 call_once) so that its effects happen before every
// caller that finds it done.
//
// The interceptor gives the real once function a trampoline instead of the user's routine; the
// trampoline runs the routine and then releases on the once-control object, before the real
// function marks it done and wakes the other callers. Every caller acquires on the object after
// the real call returns. The routine takes no argument, so the trampoline finds it in
// thread-local slots set by prepare_once: only the calling thread can run it, and a nested once
// (called from inside the routine) is read by its trampoline before anything overwrites it.
//
// Thread-safety: all state is per thread.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_ONCE_MODEL_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_ONCE_MODEL_H

#include "../rt.h"

namespace interlock {

using OnceRoutine = void (*)();

// Remembers `routine` for `control` and returns the trampoline to hand to the real once function.
OnceRoutine prepare_once(uptr control, OnceRoutine routine);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_ONCE_MODEL_H
