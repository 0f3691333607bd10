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
#include "../thread_state.h"  // ScopedInRuntime

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

// The same for a model call that takes no ThreadState (sync_destroy) on behalf of `thr`: it takes
// the runtime's locks, so the thread counts as inside the runtime meanwhile, and a signal handler
// that interrupts it stays out instead of spinning on a lock this thread holds.
template <typename ModelFn, typename... Args>
inline void model_inside_runtime(ThreadState *thr, ModelFn model_fn, Args... args) {
  ScopedInRuntime in_runtime(thr);
  model(model_fn, args...);
}

// Makes `call` (a real function's call) as a blocking call: one that may block for as long as it
// likes, waiting for I/O, a child, a signal or time to pass. The thread is between two accesses
// all the while, so a read set or lane pair retired meanwhile need not wait for it to return
// (ThreadRecord::passes): a thread that sleeps in epoll_wait or sigwait for the whole run would
// otherwise hold every one retired after it fell asleep. Not a wait of the hang detector:
// nothing says which other thread would end it. Leaves errno as the call left it.
template <typename Call>
INTERLOCK_ALWAYS_INLINE auto blocking_call(Call call) {
  ThreadState *thr = cur_thread();
  if (thr != nullptr) note_wait_begins(thr);
  auto result = call();
  if (thr != nullptr) note_wait_ends(thr);
  return result;
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_INTERCEPTOR_H
