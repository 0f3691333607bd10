// POSIX semaphores, barriers and pthread_once: happens-before through a sync object keyed by the
// object's address.
//
// sem_post releases before the real post (a waiter may run as soon as it is posted); a successful
// wait acquires. A barrier is a release by every arriving thread followed by an acquire when it
// leaves, so everything before the barrier in any thread happens before everything after it;
// each round of a reused barrier is its own (barrier_arrive in rt.h). Semaphore and barrier
// calls also access the object's memory (sync_object_memory.h): init and destroy write it, the
// others read it. A barrier wait reads it only when arriving (TSan also reads after leaving),
// so that a thread may destroy the barrier as soon as its own wait returns, as glibc allows:
// every arrival happens before every leave.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include "interceptor.h"
#include "once_model.h"
#include "real.h"
#include "sync_object_memory.h"

namespace interlock {
namespace {

INTERLOCK_REAL(sem_init);
INTERLOCK_REAL(sem_destroy);
INTERLOCK_REAL(sem_post);
INTERLOCK_REAL(sem_wait);
INTERLOCK_REAL(sem_trywait);
INTERLOCK_REAL(sem_timedwait);
INTERLOCK_REAL(sem_clockwait);

INTERLOCK_REAL(pthread_barrier_init);
INTERLOCK_REAL(pthread_barrier_destroy);
INTERLOCK_REAL(pthread_barrier_wait);

INTERLOCK_REAL(pthread_once);

// After the real wait: acquires what was posted if it succeeded; the read of the semaphore
// comes after the acquisition, so it is ordered after an init that a post published.
int model_wait_result(ThreadState *thr, sem_t *semaphore, int result) {
  if (result == 0) model(sync_acquire, thr, address_of(semaphore));
  sync_object_read(thr, semaphore);
  return result;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- semaphores ----

INTERLOCK_INTERCEPTOR int sem_init(sem_t *semaphore, int process_shared, unsigned value) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, semaphore);
  const int result = real_sem_init.get()(semaphore, process_shared, value);
  // A new semaphore has no history, even where an old sync object lived at the same address.
  if (result == 0 && thr != nullptr)
    model_inside_runtime(thr, sync_destroy, address_of(semaphore));
  return result;
}

INTERLOCK_INTERCEPTOR int sem_destroy(sem_t *semaphore) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, semaphore);
  const int result = real_sem_destroy.get()(semaphore);
  if (result == 0 && thr != nullptr)
    model_inside_runtime(thr, sync_destroy, address_of(semaphore));
  return result;
}

INTERLOCK_INTERCEPTOR int sem_post(sem_t *semaphore) {
  ThreadState *thr = cur_thread();
  sync_object_read(thr, semaphore);
  model(sync_release, thr, address_of(semaphore));
  return real_sem_post.get()(semaphore);
}

INTERLOCK_INTERCEPTOR int sem_wait(sem_t *semaphore) {
  ThreadState *thr = cur_thread();
  model(wait_begin, thr, unsigned(kWaitSemaphore), address_of(semaphore), kInvalidTid);
  const int result = real_sem_wait.get()(semaphore);
  model(wait_end, thr);
  return model_wait_result(thr, semaphore, result);
}

INTERLOCK_INTERCEPTOR int sem_trywait(sem_t *semaphore) {
  ThreadState *thr = cur_thread();
  return model_wait_result(thr, semaphore, real_sem_trywait.get()(semaphore));
}

INTERLOCK_INTERCEPTOR int sem_timedwait(sem_t *semaphore, const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_wait_result(thr, semaphore, real_sem_timedwait.get()(semaphore, deadline));
}

INTERLOCK_INTERCEPTOR int sem_clockwait(sem_t *semaphore, clockid_t clock,
                                        const struct timespec *deadline) {
  ThreadState *thr = cur_thread();
  return model_wait_result(thr, semaphore,
                           real_sem_clockwait.get()(semaphore, clock, deadline));
}

// ---- barriers ----

INTERLOCK_INTERCEPTOR int pthread_barrier_init(pthread_barrier_t *barrier,
                                               const pthread_barrierattr_t *attr,
                                               unsigned count) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, barrier);
  const int result = real_pthread_barrier_init.get()(barrier, attr, count);
  if (result == 0) model(barrier_init, thr, address_of(barrier), count);
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_barrier_destroy(pthread_barrier_t *barrier) {
  ThreadState *thr = cur_thread();
  sync_object_written(thr, barrier);
  const int result = real_pthread_barrier_destroy.get()(barrier);
  if (result == 0 && thr != nullptr)
    model_inside_runtime(thr, sync_destroy, address_of(barrier));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_barrier_wait(pthread_barrier_t *barrier) {
  ThreadState *thr = cur_thread();
  sync_object_read(thr, barrier);
  unsigned round_parity = 0;
  model([&] { round_parity = barrier_arrive(thr, address_of(barrier)); });
  model(wait_begin, thr, unsigned(kWaitBarrier), address_of(barrier), kInvalidTid);
  const int result = real_pthread_barrier_wait.get()(barrier);
  model(wait_end, thr);
  if (result == 0 || result == PTHREAD_BARRIER_SERIAL_THREAD) {
    model(barrier_leave, thr, address_of(barrier), round_parity);
  }
  return result;
}

// ---- once ----

INTERLOCK_INTERCEPTOR int pthread_once(pthread_once_t *control, void (*routine)()) {
  ThreadState *thr = cur_thread();
  if (thr == nullptr) return real_pthread_once.get()(control, routine);
  const int result = real_pthread_once.get()(control, prepare_once(address_of(control), routine));
  if (result == 0) model(sync_acquire, thr, address_of(control));
  return result;
}
