// OpenMP's mutual exclusion, from libomp's OMPT mutex callbacks (openmp_model.h): omp_lock_t and
// omp_nest_lock_t (omp_set_lock, omp_test_lock, ...) and `critical` sections (named or not) are
// locks of the mutex model at the address libomp reports as the wait id (the user's lock
// variable; a critical section's name variable), so they order their holders, enter the lock
// sets of accesses, the lock-order graph and the real-deadlock watchdog like pthread mutexes:
//
//   mutex_acquire    (before waiting) mutex_pre_lock: the lock-order edge and, for a lock that
//                    can block, the published wait. A test lock can fail without waiting: it is
//                    announced as a try lock once it succeeded.
//   mutex_acquired   mutex_post_lock; nest_lock begin (the owner locks a nest lock again) too
//   mutex_released   mutex_pre_unlock; nest_lock end (an inner level released) too
//   lock_init/destroy mutex_create / mutex_destroy
// `ordered` regions and atomics libomp performs under a lock of its own (__kmpc_atomic_* for
// types the compiler does not inline) only order their holders: a release/acquire on the wait
// id (tagged, so it is never taken for the program's own objects), outside the lock sets. A
// turn-taking `ordered` wait is not a lock any other thread holds.
//
// libomp reports a release *after* the lock is free (OMPT says "mutex released" once it is), so
// the next holder's "acquired" may come before the previous holder's release was modelled, and
// would acquire nothing from it. A turnstile per wait id puts the models back in the locks' own
// order: "acquired" callbacks come in the order of the real acquisitions (each comes while its
// thread holds the lock), so each takes a ticket, and models its acquisition once every earlier
// holder modelled its release. The wait is only for a thread that already released the lock and
// is in its callback, never for anything the waiter holds.
#include "openmp_model.h"

#include "../internal_alloc.h"
#include "../platform.h"
#include "../thread_state.h"

namespace interlock::openmp {
namespace {

struct Turnstile {
  uptr wait_id;
  uint64_t tickets;  // acquisitions so far
  uint64_t served;   // releases modelled so far
  Turnstile *next;   // in its bucket
};

// Lock-free lookups; an insert publishes a fully built node with a compare-exchange on its
// bucket's head. Turnstiles are never freed (one per lock address the program ever used).
constexpr uptr kTurnstileBuckets = 1 << 14;
Turnstile **g_turnstiles;

Turnstile **turnstile_buckets() {
  Turnstile **buckets = __atomic_load_n(&g_turnstiles, __ATOMIC_ACQUIRE);
  if (buckets) return buckets;
  auto **made = static_cast<Turnstile **>(internal_alloc(sizeof(Turnstile *) * kTurnstileBuckets));
  Turnstile **expected = nullptr;
  if (__atomic_compare_exchange_n(&g_turnstiles, &expected, made, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE))
    return made;
  internal_free(made, sizeof(Turnstile *) * kTurnstileBuckets);
  return expected;
}

Turnstile *find_in(Turnstile *head, uptr wait_id) {
  for (Turnstile *t = head; t; t = __atomic_load_n(&t->next, __ATOMIC_ACQUIRE))
    if (t->wait_id == wait_id) return t;
  return nullptr;
}

Turnstile **bucket_of(Turnstile **buckets, uptr wait_id) {
  return &buckets[(wait_id >> 3) * 0x9E3779B97F4A7C15ull >> 50];
}

Turnstile *turnstile(uptr wait_id) {
  if (Turnstile **buckets = __atomic_load_n(&g_turnstiles, __ATOMIC_ACQUIRE))
    if (Turnstile *found = find_in(__atomic_load_n(bucket_of(buckets, wait_id), __ATOMIC_ACQUIRE),
                                   wait_id))
      return found;
  // Making the buckets or a node takes the allocator's lock: a signal handler interrupting this
  // must find the thread inside the runtime and stay out.
  ScopedInRuntime in_runtime(tls_thread);
  Turnstile **bucket = bucket_of(turnstile_buckets(), wait_id);
  Turnstile *head = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
  if (Turnstile *found = find_in(head, wait_id)) return found;
  Turnstile *made = internal_new_zeroed<Turnstile>();
  made->wait_id = wait_id;
  for (;;) {
    made->next = head;
    if (__atomic_compare_exchange_n(bucket, &head, made, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
      return made;
    // Another node came first (head is now the bucket's head): it may be this lock's.
    if (Turnstile *found = find_in(head, wait_id)) {
      internal_free(made, sizeof(Turnstile));
      return found;
    }
  }
}

// In "acquired": waits until every earlier holder modelled its release, which follows its real
// unlock within microseconds. A turn that never comes (a lock destroyed while held and its
// address reused, a fork that left a holder between its unlock and end_turn in the parent) is
// given up after about a second of yields instead of hanging the program: the order is then
// the real lock's, as without the turnstile.
constexpr unsigned kTurnAttempts = 1u << 20;
void wait_for_turn(uptr wait_id) {
  Turnstile *t = turnstile(wait_id);
  const uint64_t ticket = __atomic_fetch_add(&t->tickets, 1, __ATOMIC_ACQ_REL);
  for (unsigned attempt = 0; __atomic_load_n(&t->served, __ATOMIC_ACQUIRE) < ticket; attempt++) {
    if (attempt == kTurnAttempts) {
      __atomic_store_n(&t->served, ticket, __ATOMIC_RELEASE);
      return;
    }
    spin_wait(attempt);
  }
}

// In "released", after the release was modelled.
void end_turn(uptr wait_id) {
  __atomic_fetch_add(&turnstile(wait_id)->served, 1, __ATOMIC_ACQ_REL);
}

constexpr uptr kExclusionKeyBit = uptr(1) << 60;

bool is_lock(int kind) {
  return kind == ompt::kMutexLock || kind == ompt::kMutexTestLock ||
         kind == ompt::kMutexNestLock || kind == ompt::kMutexTestNestLock ||
         kind == ompt::kMutexCritical;
}

bool is_test(int kind) {
  return kind == ompt::kMutexTestLock || kind == ompt::kMutexTestNestLock;
}

unsigned lock_flags(int kind) {
  unsigned flags = kMutexWrite;
  if (kind == ompt::kMutexNestLock || kind == ompt::kMutexTestNestLock) flags |= kMutexRecursive;
  return flags;
}

uptr lock_address(ompt_wait_id_t wait_id) { return static_cast<uptr>(wait_id); }

}  // namespace

void on_mutex_acquire(int kind, unsigned hint, unsigned impl, ompt_wait_id_t wait_id,
                      const void *codeptr) {
  if (!is_lock(kind) || is_test(kind)) return;
  mutex_pre_lock(cur_thread(), lock_address(wait_id), lock_flags(kind));
}

void on_mutex_acquired(int kind, ompt_wait_id_t wait_id, const void *codeptr) {
  ThreadState *thr = cur_thread();
  const uptr m = lock_address(wait_id);
  wait_for_turn(m);
  if (!is_lock(kind)) {
    sync_acquire(thr, m | kExclusionKeyBit);
    return;
  }
  if (is_test(kind)) mutex_pre_lock(thr, m, lock_flags(kind) | kMutexTry);
  mutex_post_lock(thr, m, lock_flags(kind));
}

void on_mutex_released(int kind, ompt_wait_id_t wait_id, const void *codeptr) {
  ThreadState *thr = cur_thread();
  const uptr m = lock_address(wait_id);
  if (!is_lock(kind))
    sync_release(thr, m | kExclusionKeyBit);
  else
    mutex_pre_unlock(thr, m, lock_flags(kind));
  end_turn(m);
}

void on_nest_lock(int endpoint, ompt_wait_id_t wait_id, const void *codeptr) {
  ThreadState *thr = cur_thread();
  const uptr m = lock_address(wait_id);
  const unsigned flags = kMutexWrite | kMutexRecursive;
  if (endpoint == ompt::kScopeBegin) {
    mutex_pre_lock(thr, m, flags);  // held already: no wait, no new edge
    mutex_post_lock(thr, m, flags);
  } else if (endpoint == ompt::kScopeEnd) {
    mutex_pre_unlock(thr, m, flags);
  }
}

void on_lock_init(int kind, unsigned hint, unsigned impl, ompt_wait_id_t wait_id,
                  const void *codeptr) {
  if (!is_lock(kind)) return;
  mutex_create(cur_thread(), lock_address(wait_id), lock_flags(kind) & kMutexRecursive);
}

void on_lock_destroy(int kind, ompt_wait_id_t wait_id, const void *codeptr) {
  if (!is_lock(kind)) return;
  ThreadState *thr = cur_thread();
  mutex_pre_destroy(thr, lock_address(wait_id));
  mutex_destroy(thr, lock_address(wait_id));
}

}  // namespace interlock::openmp
