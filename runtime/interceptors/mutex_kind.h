// Whether a pthread (or C11) mutex is recursive, read from the mutex itself.
//
// Statically initialized mutexes (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP, which is what
// std::recursive_mutex uses) never go through pthread_mutex_init, so the runtime cannot learn
// their kind at creation; the lock interceptors pass kMutexRecursive with every lock instead.
// glibc keeps the type in the public field __data.__kind (low two bits), and C11 mtx_t is a
// pthread_mutex_t underneath. Thread-safe: reads a field that is constant after initialization.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_MUTEX_KIND_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_MUTEX_KIND_H

#include <pthread.h>

#include "../rt.h"

namespace interlock {

inline unsigned recursive_flag_of(const pthread_mutex_t *mutex) {
  constexpr int kTypeMask = 3;  // glibc's PTHREAD_MUTEX_KIND_MASK_NP: the rest are robust/PI bits
  int kind = __atomic_load_n(&mutex->__data.__kind, __ATOMIC_RELAXED);
  return (kind & kTypeMask) == PTHREAD_MUTEX_RECURSIVE ? kMutexRecursive : 0u;
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_MUTEX_KIND_H
