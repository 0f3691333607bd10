// C11 <threads.h>: glibc implements these on its internal pthread entry points, so they never
// reach the pthread interceptors and are modelled here, the same way (see mutexes.cpp,
// threads.cpp, once_model.h), their objects' memory included (sync_object_memory.h). thrd_exit
// needs no interceptor: like pthread_exit it unwinds to the start trampoline, which finishes the
// thread.
#include <pthread.h>
#include <threads.h>
#include <time.h>

#include "condition_wait.h"
#include "interceptor.h"
#include "mutex_kind.h"
#include "once_model.h"
#include "real.h"
#include "sync_object_memory.h"
#include "../sync.h"
#include "thread_launch.h"

namespace interlock {
namespace {

INTERLOCK_REAL(thrd_create);
INTERLOCK_REAL(thrd_join);
INTERLOCK_REAL(thrd_detach);
INTERLOCK_REAL(mtx_init);
INTERLOCK_REAL(mtx_destroy);
INTERLOCK_REAL(mtx_lock);
INTERLOCK_REAL(mtx_trylock);
INTERLOCK_REAL(mtx_timedlock);
INTERLOCK_REAL(mtx_unlock);
INTERLOCK_REAL(cnd_wait);
INTERLOCK_REAL(cnd_timedwait);
INTERLOCK_REAL(cnd_init);
INTERLOCK_REAL(cnd_destroy);
INTERLOCK_REAL(cnd_signal);
INTERLOCK_REAL(cnd_broadcast);
INTERLOCK_REAL(call_once);

static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "glibc's mtx_t is a pthread mutex");

unsigned mutex_write_flags(mtx_t *mutex) {
  return kMutexWrite | kMutexReadsObject |
         recursive_flag_of(reinterpret_cast<const pthread_mutex_t *>(mutex));
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- threads ----

INTERLOCK_INTERCEPTOR int thrd_create(thrd_t *thread, thrd_start_t start_routine, void *argument) {
  ThreadState *thr = cur_thread();
  if (thr == nullptr) {
    initialize();  // see pthread_create
    thr = cur_thread();
  }
  if (thr == nullptr) return real_thrd_create.get()(thread, start_routine, argument);
  const int saved_errno = errno;
  ThreadLaunch *launch = prepare_thread_launch(thr, nullptr, start_routine, argument, false);
  errno = saved_errno;
  if (launch == nullptr) return thrd_nomem;
  const Tid tid = thread_launch_tid(launch);
  const int result = real_thrd_create.get()(thread, c11_thread_trampoline, launch);
  if (result != thrd_success)
    model(abandon_thread_launch, thr, launch);
  else
    model(thread_created, thr, tid, static_cast<uintptr_t>(*thread));
  return result;
}

INTERLOCK_INTERCEPTOR int thrd_join(thrd_t thread, int *thread_result) {
  ThreadState *thr = cur_thread();
  const Tid tid = thread_find_for_join(static_cast<uintptr_t>(thread));
  if (tid != kInvalidTid) model(wait_begin, thr, unsigned(kWaitJoin), uptr(0), tid);
  const int result = real_thrd_join.get()(thread, thread_result);
  model(wait_end, thr);
  if (tid != kInvalidTid) {
    if (result == thrd_success)
      model(thread_join, thr, tid);
    else
      thread_join_failed(tid);
  }
  return result;
}

INTERLOCK_INTERCEPTOR int thrd_detach(thrd_t thread) {
  ThreadState *thr = cur_thread();
  model(thread_detach, thr, thread_find(static_cast<uintptr_t>(thread)));  // before: see pthread_detach
  return real_thrd_detach.get()(thread);
}

// ---- mutexes ----

INTERLOCK_INTERCEPTOR int mtx_init(mtx_t *mutex, int type) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, mutex);
  const int result = real_mtx_init.get()(mutex, type);
  if (result == thrd_success) {
    model(mutex_create, thr, address_of(mutex), (type & mtx_recursive) ? kMutexRecursive : 0u);
  }
  return result;
}

INTERLOCK_INTERCEPTOR void mtx_destroy(mtx_t *mutex) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_destroy, thr, address_of(mutex));
  sync_object_written(thr, mutex);
  model(mutex_destroy, thr, address_of(mutex));
  real_mtx_destroy.get()(mutex);
}

INTERLOCK_INTERCEPTOR int mtx_lock(mtx_t *mutex) {
  ThreadState *thr = cur_thread();
  const unsigned flags = mutex_write_flags(mutex);
  model(mutex_pre_lock, thr, address_of(mutex), flags);
  const int result = real_mtx_lock.get()(mutex);
  if (result == thrd_success)
    model(mutex_post_lock, thr, address_of(mutex), flags);
  else
    model(mutex_lock_failed, thr, address_of(mutex));
  return result;
}

INTERLOCK_INTERCEPTOR int mtx_trylock(mtx_t *mutex) {
  ThreadState *thr = cur_thread();
  const int result = real_mtx_trylock.get()(mutex);
  if (result == thrd_success) {
    model(mutex_post_lock, thr, address_of(mutex), mutex_write_flags(mutex) | kMutexTry);
  }
  return result;
}

INTERLOCK_INTERCEPTOR int mtx_timedlock(mtx_t *__restrict mutex,
                                        const struct timespec *__restrict deadline) {
  ThreadState *thr = cur_thread();
  const unsigned flags = mutex_write_flags(mutex) | kMutexTry;  // bounded wait: a try
  model(mutex_pre_lock, thr, address_of(mutex), flags);
  const int result = real_mtx_timedlock.get()(mutex, deadline);
  if (result == thrd_success) model(mutex_post_lock, thr, address_of(mutex), flags);
  return result;
}

INTERLOCK_INTERCEPTOR int mtx_unlock(mtx_t *mutex) {
  ThreadState *thr = cur_thread();
  model(mutex_pre_unlock, thr, address_of(mutex), mutex_write_flags(mutex));
  return real_mtx_unlock.get()(mutex);
}

// ---- condition variables ----

INTERLOCK_INTERCEPTOR int cnd_init(cnd_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, condition);
  return real_cnd_init.get()(condition);
}

INTERLOCK_INTERCEPTOR void cnd_destroy(cnd_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, condition);
  real_cnd_destroy.get()(condition);
}

INTERLOCK_INTERCEPTOR int cnd_signal(cnd_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_read(thr, condition);
  return real_cnd_signal.get()(condition);
}

INTERLOCK_INTERCEPTOR int cnd_broadcast(cnd_t *condition) {
  ThreadState *thr = cur_thread();
  sync_object_read(thr, condition);
  return real_cnd_broadcast.get()(condition);
}

INTERLOCK_INTERCEPTOR int cnd_wait(cnd_t *condition, mtx_t *mutex) {
  ThreadState *thr = cur_thread();
  return model_condition_wait(thr, address_of(condition), address_of(mutex),
                              mutex_write_flags(mutex), ConditionTimeout::kNone,
                              [=] { return real_cnd_wait.get()(condition, mutex); });
}

INTERLOCK_INTERCEPTOR int cnd_timedwait(cnd_t *__restrict condition, mtx_t *__restrict mutex,
                                        const struct timespec *__restrict deadline) {
  ThreadState *thr = cur_thread();
  return model_condition_wait(thr, address_of(condition), address_of(mutex),
                              mutex_write_flags(mutex), ConditionTimeout::kDeadline, [=] {
    return real_cnd_timedwait.get()(condition, mutex, deadline);
  });
}

// ---- once ----

INTERLOCK_INTERCEPTOR void call_once(once_flag *flag, void (*routine)()) {
  ThreadState *thr = cur_thread();
  if (thr == nullptr) return real_call_once.get()(flag, routine);
  real_call_once.get()(flag, prepare_once(address_of(flag), routine));
  model(sync_acquire, thr, address_of(flag));
}
