// Atomic operations (runtime/interface.h): performed here, so that the operation and its
// happens-before effect are one step.
//
// Model: a release operation publishes the thread's clock into the location's sync object, an
// acquire operation joins it. A read-modify-write joins instead of replacing, so a release
// sequence continues through RMWs of any thread; a relaxed store ends it (C++20).
// Standalone fences ([atomics.fences]): a release fence makes the thread's later relaxed stores
// publish the clock it had at the fence; relaxed loads remember what they saw published, and the
// next acquire fence joins it. So a fence-to-fence handoff synchronizes, as the standard says. The access
// itself is recorded in the shadow as an atomic access, so a plain access racing with it is
// still reported, while atomic/atomic pairs never are.
#include "runtime/access.h"
#include "runtime/clock_memory.h"
#include "runtime/sync.h"

namespace interlock {
namespace {

enum MemoryOrder { kRelaxed = 0, kConsume = 1, kAcquire = 2, kRelease = 3, kAcqRel = 4, kSeqCst = 5 };

bool is_acquire(int mo) { return mo == kConsume || mo == kAcquire || mo == kAcqRel || mo == kSeqCst; }
bool is_release(int mo) { return mo == kRelease || mo == kAcqRel || mo == kSeqCst; }

// The thread to model the operation for, or null when it must just be performed.
INTERLOCK_ALWAYS_INLINE ThreadState *modelling_thread() {
  ThreadState *thr = tls_thread;
  return thr && thr->in_runtime == 0 ? thr : nullptr;
}

void record_access(ThreadState *thr, const volatile void *a, unsigned size, bool is_write,
                   const interlock_site *site) {
  const uptr addr = reinterpret_cast<uptr>(a);
  if (INTERLOCK_LIKELY((addr & (size - 1)) == 0))  // atomics are naturally aligned
    access_granule(thr, addr, size, is_write, /*is_atomic=*/true, site);
  else
    access_range(thr, addr, size, is_write, /*is_atomic=*/true, site);
}

// An acquire load joins what the location published; a relaxed load keeps it for a later
// acquire fence.
void acquire_from(ThreadState *thr, const volatile void *a, int mo) {
  const uptr addr = reinterpret_cast<uptr>(a);
  const bool into_clock = is_acquire(mo);
  AcquireCacheEntry &cached = thr->acquire_cache[(addr >> 3) % kAcquireCacheSize];
  if (cached.address == addr && __atomic_load_n(&cached.object->address, __ATOMIC_ACQUIRE) == addr &&
      __atomic_load_n(&cached.object->version, __ATOMIC_ACQUIRE) ==
          (into_clock ? cached.joined_version : cached.noted_version))
    return;  // nothing published since this thread last took it
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = find_sync_object(addr);
  if (!o) return;
  SpinLockGuard guard(o->lock);
  (into_clock ? thr->clock : thr->fence_acquire).join(o->clock, clock_memory());
  if (cached.address != addr || cached.object != o) cached = {addr, o, ~uint64_t(0), ~uint64_t(0)};
  // What the clock holds, a later acquire fence cannot add to: noted as well.
  cached.noted_version = o->version;
  if (into_clock) cached.joined_version = o->version;
}

// What a store (or the write of an RMW) with order `mo` publishes into the location's clock:
// the thread's clock for a release, the clock at the last release fence for a relaxed one.
const race::VectorClock *published_clock(ThreadState *thr, int mo) {
  if (is_release(mo)) return &thr->clock;
  return thr->has_fence_release ? &thr->fence_release : nullptr;
}

// Performs `op` on the location under its sync object's lock with the clock effects of `mo`.
// `op` returns true if it wrote (a failed compare-exchange does not).
template <class Op>
void rmw_modelled(ThreadState *thr, const volatile void *a, unsigned size, int mo, int failure_mo,
                  const interlock_site *site, Op op) {
  bool wrote;
  bool released = false;
  {
    ScopedInRuntime in_runtime(thr);
    SyncObject *o = sync_object(reinterpret_cast<uptr>(a));
    SpinLockGuard guard(o->lock);
    wrote = op();
    int effective = wrote ? mo : failure_mo;
    (is_acquire(effective) ? thr->clock : thr->fence_acquire).join(o->clock, clock_memory());
    if (wrote) {
      if (const race::VectorClock *published = published_clock(thr, effective)) {
        publish_join(o, *published, clock_memory());
        released = is_release(effective);
      }
    }
  }
  record_access(thr, a, size, wrote, site);
  if (released) tick(thr);
}

template <class T>
T atomic_load(const volatile T *a, int mo, const interlock_site *site) {
  T v = __atomic_load_n(a, __ATOMIC_SEQ_CST);
  if (ThreadState *thr = modelling_thread()) {
    acquire_from(thr, a, mo);
    record_access(thr, a, sizeof(T), false, site);
  }
  return v;
}

template <class T>
void atomic_store(volatile T *a, T v, int mo, const interlock_site *site) {
  ThreadState *thr = modelling_thread();
  if (!thr) {
    __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
    return;
  }
  record_access(thr, a, sizeof(T), true, site);
  {
    ScopedInRuntime in_runtime(thr);
    uptr addr = reinterpret_cast<uptr>(a);
    const race::VectorClock *published = published_clock(thr, mo);
    SyncObject *o = published ? sync_object(addr) : find_sync_object(addr);
    if (o) {
      SpinLockGuard guard(o->lock);
      if (published)
        publish_assign(o, *published, clock_memory());
      else
        publish_clear(o);  // a plain relaxed store ends any release sequence
      __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
    } else {
      __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
    }
  }
  if (is_release(mo)) tick(thr);
}

template <class T, class Apply>
T atomic_rmw(volatile T *a, int mo, const interlock_site *site, Apply apply) {
  ThreadState *thr = modelling_thread();
  if (!thr) return apply();
  if (mo == kRelaxed && !thr->has_fence_release) {
    // The location's release sequence carries on; only a later acquire fence cares what it saw.
    T old = apply();
    acquire_from(thr, a, mo);
    record_access(thr, a, sizeof(T), true, site);
    return old;
  }
  T old{};
  rmw_modelled(thr, a, sizeof(T), mo, mo, site, [&] {
    old = apply();
    return true;
  });
  return old;
}

template <class T>
T atomic_cas(volatile T *a, T expected, T desired, int mo, int failure_mo,
             const interlock_site *site) {
  ThreadState *thr = modelling_thread();
  if (!thr) {
    __atomic_compare_exchange_n(a, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
  }
  rmw_modelled(thr, a, sizeof(T), mo, failure_mo, site, [&] {
    return __atomic_compare_exchange_n(a, &expected, desired, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
  });
  return expected;  // the old value either way
}

template <class T, class Better>
T fetch_better(volatile T *a, T v, Better better) {
  T old = __atomic_load_n(a, __ATOMIC_SEQ_CST);
  while (!__atomic_compare_exchange_n(a, &old, better(v, old) ? v : old, false, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST)) {
  }
  return old;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

#define INTERLOCK_RMW(N, NAME, EXPR)                                                       \
  extern "C" uint##N##_t __interlock_atomic##N##_##NAME(volatile uint##N##_t *a,           \
                                                        uint##N##_t v, int mo,             \
                                                        const interlock_site *s) {         \
    using T = uint##N##_t;                                                                 \
    return atomic_rmw<T>(a, mo, s, [&]() -> T { EXPR; });                                  \
  }

// Min/max have no single instruction: a compare-exchange loop keeps the better value.
#define INTERLOCK_MINMAX(N, NAME, CT, BETTER) \
  INTERLOCK_RMW(N, NAME, return fetch_better<T>(a, v, [](T x, T y) { return CT(x) BETTER CT(y); }))

#define INTERLOCK_DEFINE_ATOMICS(N)                                                          \
  extern "C" uint##N##_t __interlock_atomic##N##_load(const volatile uint##N##_t *a, int mo, \
                                                      const interlock_site *s) {             \
    return atomic_load(a, mo, s);                                                            \
  }                                                                                          \
  extern "C" void __interlock_atomic##N##_store(volatile uint##N##_t *a, uint##N##_t v,      \
                                                int mo, const interlock_site *s) {           \
    atomic_store(a, v, mo, s);                                                               \
  }                                                                                          \
  INTERLOCK_RMW(N, exchange, return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST))             \
  INTERLOCK_RMW(N, fetch_add, return __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST))             \
  INTERLOCK_RMW(N, fetch_sub, return __atomic_fetch_sub(a, v, __ATOMIC_SEQ_CST))             \
  INTERLOCK_RMW(N, fetch_and, return __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST))             \
  INTERLOCK_RMW(N, fetch_or, return __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST))               \
  INTERLOCK_RMW(N, fetch_xor, return __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST))             \
  INTERLOCK_RMW(N, fetch_nand, return __atomic_fetch_nand(a, v, __ATOMIC_SEQ_CST))           \
  INTERLOCK_MINMAX(N, fetch_max, int##N##_t, >)                                              \
  INTERLOCK_MINMAX(N, fetch_min, int##N##_t, <)                                              \
  INTERLOCK_MINMAX(N, fetch_umax, uint##N##_t, >)                                            \
  INTERLOCK_MINMAX(N, fetch_umin, uint##N##_t, <)                                            \
  extern "C" uint##N##_t __interlock_atomic##N##_compare_exchange(                           \
      volatile uint##N##_t *a, uint##N##_t expected, uint##N##_t desired, int mo,            \
      int failure_mo, const interlock_site *s) {                                             \
    return atomic_cas(a, expected, desired, mo, failure_mo, s);                              \
  }

INTERLOCK_DEFINE_ATOMICS(8)
INTERLOCK_DEFINE_ATOMICS(16)
INTERLOCK_DEFINE_ATOMICS(32)
INTERLOCK_DEFINE_ATOMICS(64)

extern "C" void __interlock_atomic_fence(int mo) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  ThreadState *thr = modelling_thread();
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  if (is_acquire(mo)) thr->clock.join(thr->fence_acquire, clock_memory());
  if (is_release(mo)) {
    thr->fence_release.assign(thr->clock, clock_memory());
    thr->has_fence_release = true;
    tick(thr);
  }
}
