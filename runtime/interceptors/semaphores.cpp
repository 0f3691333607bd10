// POSIX semaphores, barriers and pthread_once: happens-before through a sync object keyed by the
// object's address.
//
// sem_post releases before the real post (a waiter may run as soon as it is posted); a successful
// wait acquires. A barrier is a release by every arriving thread followed by an acquire when it
// leaves, so everything before the barrier in any thread happens before everything after it.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include "interceptor.h"
#include "once_model.h"
#include "real.h"

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

int model_wait_result(ThreadState *thr, sem_t *semaphore, int result) {
  if (result == 0) model(sync_acquire, thr, address_of(semaphore));
  return result;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- semaphores ----

INTERLOCK_INTERCEPTOR int sem_init(sem_t *semaphore, int process_shared, unsigned value) {
  ThreadState *thr = cur_thread();
  const int result = real_sem_init.get()(semaphore, process_shared, value);
  // A new semaphore has no history, even where an old sync object lived at the same address.
  if (result == 0 && thr != nullptr) model(sync_destroy, address_of(semaphore));
  return result;
}

INTERLOCK_INTERCEPTOR int sem_destroy(sem_t *semaphore) {
  ThreadState *thr = cur_thread();
  const int result = real_sem_destroy.get()(semaphore);
  if (result == 0 && thr != nullptr) model(sync_destroy, address_of(semaphore));
  return result;
}

INTERLOCK_INTERCEPTOR int sem_post(sem_t *semaphore) {
  ThreadState *thr = cur_thread();
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
  const int result = real_pthread_barrier_init.get()(barrier, attr, count);
  if (result == 0 && thr != nullptr) model(sync_destroy, address_of(barrier));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_barrier_destroy(pthread_barrier_t *barrier) {
  ThreadState *thr = cur_thread();
  const int result = real_pthread_barrier_destroy.get()(barrier);
  if (result == 0 && thr != nullptr) model(sync_destroy, address_of(barrier));
  return result;
}

INTERLOCK_INTERCEPTOR int pthread_barrier_wait(pthread_barrier_t *barrier) {
  ThreadState *thr = cur_thread();
  model(sync_release, thr, address_of(barrier));
  model(wait_begin, thr, unsigned(kWaitBarrier), address_of(barrier), kInvalidTid);
  const int result = real_pthread_barrier_wait.get()(barrier);
  model(wait_end, thr);
  if (result == 0 || result == PTHREAD_BARRIER_SERIAL_THREAD) {
    model(sync_acquire, thr, address_of(barrier));
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
