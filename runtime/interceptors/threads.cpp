// POSIX thread life: create, join (all variants), detach, and the names reports use.
//
// pthread_exit is deliberately not intercepted: it unwinds the thread's stack, and the thread is
// finished (thread_launch.cpp) after its cleanup handlers and thread-exit destructors ran, which
// an interceptor running before them could not do.
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "interceptor.h"
#include "real.h"
#include "thread_launch.h"

namespace interlock {
namespace {

INTERLOCK_REAL(pthread_create);
INTERLOCK_REAL(pthread_join);
INTERLOCK_REAL(pthread_tryjoin_np);
INTERLOCK_REAL(pthread_timedjoin_np);
INTERLOCK_REAL(pthread_clockjoin_np);
INTERLOCK_REAL(pthread_detach);
INTERLOCK_REAL(pthread_setname_np);

// The thread_join of a successful join call; other results leave the thread unjoined. `tid` was
// looked up before the real call, while the pthread_t could name no other thread.
int model_join_result(ThreadState *thr, Tid tid, int result) {
  if (tid == kInvalidTid) return result;
  if (result == 0)
    model(thread_join, thr, tid);
  else
    thread_join_failed(tid);
  return result;
}

// The thread a join call is about to wait for, claimed for it (thread_find_for_join).
Tid joinee(pthread_t thread) { return thread_find_for_join(static_cast<uintptr_t>(thread)); }

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                                         void *(*start_routine)(void *), void *argument) {
  ThreadState *thr = cur_thread();
  if (thr == nullptr) {
    // A thread created before the first instrumented constructor (by a library's constructor)
    // would otherwise never be known to the runtime.
    initialize();
    thr = cur_thread();
  }
  if (thr == nullptr) return real_pthread_create.get()(thread, attr, start_routine, argument);

  int detach_state = PTHREAD_CREATE_JOINABLE;
  if (attr != nullptr) pthread_attr_getdetachstate(attr, &detach_state);
  const int saved_errno = errno;
  ThreadLaunch *launch = prepare_thread_launch(thr, start_routine, nullptr, argument,
                                               detach_state == PTHREAD_CREATE_DETACHED);
  errno = saved_errno;
  if (launch == nullptr) return EAGAIN;  // what pthread_create says when resources run out
  const Tid tid = thread_launch_tid(launch);
  // What glibc does inside pthread_create is not the program's doing (TSan ignores the call
  // too): reusing a finished thread's cached stack, it frees that thread's dynamic TLS blocks,
  // which would read as this thread's write racing with the dead thread's. Frees made there
  // are forgotten without being checked; glibc's own allocations there (the new thread's DTV)
  // are left unmodelled, as instrumented code never touches them.
  int result;
  {
    ScopedInRuntime not_the_program(thr);
    result = real_pthread_create.get()(thread, attr, posix_thread_trampoline, launch);
  }
  if (result != 0)
    model(abandon_thread_launch, thr, launch);
  else
    model(thread_created, thr, tid, reinterpret_cast<uintptr_t>(*thread));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_join(pthread_t thread, void **thread_result) {
  ThreadState *thr = cur_thread();
  const Tid tid = joinee(thread);
  if (tid != kInvalidTid) model(wait_begin, thr, unsigned(kWaitJoin), uptr(0), tid);
  const int result = real_pthread_join.get()(thread, thread_result);
  model(wait_end, thr);
  return model_join_result(thr, tid, result);
}

INTERLOCK_INTERCEPTOR int pthread_tryjoin_np(pthread_t thread, void **thread_result) {
  ThreadState *thr = cur_thread();
  const Tid tid = joinee(thread);
  return model_join_result(thr, tid, real_pthread_tryjoin_np.get()(thread, thread_result));
}

INTERLOCK_INTERCEPTOR int pthread_timedjoin_np(pthread_t thread, void **thread_result,
                                               const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  const Tid tid = joinee(thread);
  return model_join_result(thr, tid,
                           real_pthread_timedjoin_np.get()(thread, thread_result, deadline));
}

INTERLOCK_INTERCEPTOR int pthread_clockjoin_np(pthread_t thread, void **thread_result,
                                               clockid_t clock, const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  const Tid tid = joinee(thread);
  return model_join_result(
      thr, tid, real_pthread_clockjoin_np.get()(thread, thread_result, clock, deadline));
}

INTERLOCK_INTERCEPTOR int pthread_detach(pthread_t thread) {
  ThreadState *thr = cur_thread();
  // Modelled before the real call: once detached, an exited thread's pthread_t may be reused at
  // any moment, so afterwards it could name another thread.
  model(thread_detach, thr, thread_find(static_cast<uintptr_t>(thread)));
  return real_pthread_detach.get()(thread);
}

// A name the program gives a thread (what gdb and top -H show) names it in reports too.
INTERLOCK_INTERCEPTOR int pthread_setname_np(pthread_t thread, const char *name) {
  const int result = real_pthread_setname_np.get()(thread, name);
  if (result == 0)
    model(thread_set_name_of, cur_thread(), static_cast<uintptr_t>(thread), name);
  return result;
}
