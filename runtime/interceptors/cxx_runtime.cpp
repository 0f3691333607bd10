// What libstdc++.so / the C++ ABI runtime does on the program's behalf that orders memory, seen
// by the runtime because the instrumented executable exports these symbols (interceptors.dynlist).
//
// Thread-safe initialization of function-local statics ([stmt.dcl]/3, Itanium C++ ABI 3.3.2).
// The compiler emits, around the initialization of `static T object;`:
//     if (acquire-load(guard byte) == 0 && __cxa_guard_acquire(&guard)) {
//       construct object;                       // instrumented user code
//       __cxa_guard_release(&guard);            // libstdc++.so: stores 1 with release, wakes
//     }
// The inline acquire load is instrumented (an atomic load of the guard's first byte), but the
// release store inside libstdc++.so is not, and neither is the futex handoff to a thread that
// waited inside __cxa_guard_acquire. So:
//  - __cxa_guard_release releases on the guard's address before the real release, which is what
//    the inline acquire load of a later user joins (same address, the sync object of the guard);
//  - __cxa_guard_acquire acquires on the guard's address after the real call, whatever it
//    returns: 0 means another thread finished the initialization (perhaps while we waited), 1
//    means we initialize, after any earlier attempt that was aborted;
//  - __cxa_guard_abort (the constructor threw) releases too: the next initializer is ordered
//    after the failed attempt in reality (the guard is a lock), so it is in the model.
// The guard is also a lock for real-deadlock detection: the ABI names no owner, but the thread
// whose __cxa_guard_acquire returned 1 initializes until its release or abort, and is recorded
// as the guard's initializer for that time (static_init_begin / static_init_end). Every call of
// __cxa_guard_acquire is announced as a wait on the guard, since only libstdc++ knows whether it
// will block; the watchdog names the initializer as the thread waited for, so an initializer
// that joins or locks out a thread needing the same static is a wait-for cycle, reported at once.
// The call only happens while the inline check still sees the static uninitialized, so this is
// paid about once per static and thread.
//
// std::exception_ptr's reference count (C++ [propagation]: an exception object shared by the
// threads that hold pointers to it, freed by the last one) is kept by libstdc++.so, whose
// atomics are not seen: the last owner's free would be a write of the object unordered with
// every other owner's reads (a false race on any exception handed between threads, e.g. through
// a std::exception_ptr under a mutex, then rethrown and read). So every release of a pointer
// (exception_ptr::_M_release, reached from the inline destructor and assignments) releases and
// then acquires on the exception object before the real decrement, as a reference count's
// acq_rel decrement does: the one that frees the object is ordered after all the others.
// Incrementing orders nothing and is left alone.
#include <stdint.h>

#include "interceptor.h"
#include "real.h"

// The Itanium C++ ABI's guard functions (x86-64: the guard is a 64-bit object), declared here
// because the runtime must not include libstdc++'s <cxxabi.h>.
extern "C" {
int __cxa_guard_acquire(int64_t *guard);
void __cxa_guard_release(int64_t *guard);
void __cxa_guard_abort(int64_t *guard);
}

// std::__exception_ptr::exception_ptr::_M_release(), a member function of an object whose only
// field is the exception object's address: called with the exception_ptr as first argument.
#define INTERLOCK_EXCEPTION_PTR_RELEASE "_ZNSt15__exception_ptr13exception_ptr10_M_releaseEv"
extern "C" void exception_ptr_release(void **exception_ptr) __asm__(INTERLOCK_EXCEPTION_PTR_RELEASE);

namespace interlock {
namespace {

INTERLOCK_REAL(__cxa_guard_acquire);
INTERLOCK_REAL(__cxa_guard_release);
INTERLOCK_REAL(__cxa_guard_abort);
INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<void(void **)> real_exception_ptr_release(
    INTERLOCK_EXCEPTION_PTR_RELEASE);

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int __cxa_guard_acquire(int64_t *guard) {
  ThreadState *thr = cur_thread();
  // Not over a wait already announced: a signal handler that reaches a static while its thread
  // is blocked (in a lock, say) must not erase that wait.
  const bool announced =
      thr != nullptr && wait_begin_unless_waiting(thr, kWaitStaticInit, address_of(guard));
  const int must_initialize = real___cxa_guard_acquire.get()(guard);
  if (announced) model(wait_end, thr);
  if (must_initialize) model(static_init_begin, thr, address_of(guard));
  model(sync_acquire, thr, address_of(guard));
  return must_initialize;
}

// The initializer is forgotten before the real call: once the guard is released or given up,
// another thread may initialize (after an abort), and the table must not name this one then.
INTERLOCK_INTERCEPTOR void __cxa_guard_release(int64_t *guard) {
  ThreadState *thr = cur_thread();
  model(static_init_end, thr, address_of(guard));
  model(sync_release, thr, address_of(guard));
  real___cxa_guard_release.get()(guard);
}

INTERLOCK_INTERCEPTOR void __cxa_guard_abort(int64_t *guard) {
  ThreadState *thr = cur_thread();
  model(static_init_end, thr, address_of(guard));
  model(sync_release, thr, address_of(guard));
  real___cxa_guard_abort.get()(guard);
}

INTERLOCK_INTERCEPTOR void exception_ptr_release(void **exception_ptr) {
  if (void *object = *exception_ptr) {
    ThreadState *thr = cur_thread();
    model(sync_release, thr, address_of(object));
    model(sync_acquire, thr, address_of(object));
  }
  real_exception_ptr_release.get()(exception_ptr);
}
