// What every interceptor file shares: how an interceptor is declared and how it calls the model.
//
// An interceptor is an extern "C" function with default visibility, defined in the executable and
// exported through interceptors.dynlist, so it replaces the libc function for the whole process.
// Each one starts with `ThreadState *thr = cur_thread();`; null (runtime not initialized, or the
// call comes from inside the runtime) makes every model call a no-op, so the interceptor then
// behaves exactly like the real function.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_INTERCEPTOR_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_INTERCEPTOR_H

#include <errno.h>

#include "../rt.h"

#define INTERLOCK_INTERCEPTOR extern "C" __attribute__((visibility("default")))

namespace interlock {

inline uptr address_of(const volatile void *object) { return reinterpret_cast<uptr>(object); }

// Runs one runtime model call without disturbing errno: the program must see the errno the real
// function left (or the one it had before, for functions that do not set it).
template <typename ModelFn, typename... Args>
inline void model(ModelFn model_fn, Args... args) {
  int saved_errno = errno;
  model_fn(args...);
  errno = saved_errno;
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_INTERCEPTOR_H
