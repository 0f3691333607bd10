// Checking memory that a libc/libstdc++ function reads or writes on the program's behalf.
//
// Contract: watching_thread() is the calling thread's state when its accesses are to be checked
// (registered, not inside the runtime, and not called by the OpenMP runtime), else null; it costs one TLS load, so interceptors
// called millions of times (memcpy of 8 bytes) call it first and do nothing more when it is null.
// check_user_read / check_user_write check [address, address + size) as one plain access of the
// calling thread at the call site the instrumented caller stored in __interlock_callsite, so a
// report names the user's line that called the library; they leave errno as it was (the program
// may read errno after a memcpy), and do nothing for a null thread or a zero size.
//
// Thread-safety: touches only the calling thread's state and the shadow, like any access check.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_USER_MEMORY_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_USER_MEMORY_H

#include <errno.h>
#include <stddef.h>

#include "openmp_runtime_code.h"
#include "runtime/thread_state.h"

namespace interlock {

// Always inlined: the return address it reads is the interceptor's, the C library call's caller.
// Calls made by the OpenMP runtime on its own behalf are not the program's (openmp_runtime_code.h).
__attribute__((always_inline)) inline ThreadState *watching_thread() {
  ThreadState *thr = tls_thread;
  if (thr == nullptr || thr->in_runtime != 0) return nullptr;
  return called_from_openmp_runtime(__builtin_return_address(0)) ? nullptr : thr;
}

inline void check_user_range(ThreadState *thr, const volatile void *address, size_t size,
                             bool is_write) {
  if (thr == nullptr || size == 0) return;
  const int saved_errno = errno;
  // __interlock_callsite rather than current_callsite(): the same value without a call.
  check_range(thr, reinterpret_cast<uptr>(address), size, is_write, __interlock_callsite);
  errno = saved_errno;
}

inline void check_user_read(ThreadState *thr, const volatile void *address, size_t size) {
  check_user_range(thr, address, size, /*is_write=*/false);
}

inline void check_user_write(ThreadState *thr, const volatile void *address, size_t size) {
  check_user_range(thr, address, size, /*is_write=*/true);
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_USER_MEMORY_H
