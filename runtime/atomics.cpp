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
//
// 16-byte atomics are one lock cmpxchg16b (this file is built with -mcx16): GCC sends
// __atomic_*_n on __int128 to libatomic even then, so they go through __sync_* builtins, which
// it inlines, and the runtime never needs libatomic. Calls the program itself makes into
// libatomic's generic functions are performed by calling them back, so that every object, of
// any size or alignment, is handled the way libatomic handles it everywhere else.
#include "runtime/access.h"
#include "runtime/clock_memory.h"
#include "runtime/forced_order.h"
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

void record_access(ThreadState *thr, const volatile void *a, uptr size, bool is_write,
                   const interlock_site *site) {
  const uptr addr = reinterpret_cast<uptr>(a);
  // Atomics are naturally aligned; 16 bytes span two granules.
  if (INTERLOCK_LIKELY(size <= kGranule && (addr & (size - 1)) == 0))
    access_granule(thr, addr, unsigned(size), is_write, /*is_atomic=*/true, site);
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
  with_clock_object(addr, /*make=*/false, [&](SyncClock *o) {
    (into_clock ? thr->clock : thr->fence_acquire).join(o->clock, clock_memory());
    if (into_clock) forced_edge(thr, o->clock);
    if (cached.address != addr || cached.object != o) cached = {addr, o, ~uint64_t(0), ~uint64_t(0)};
    // What the clock holds, a later acquire fence cannot add to: noted as well.
    cached.noted_version = o->version;
    if (into_clock) cached.joined_version = o->version;
  });
}

// What a store (or the write of an RMW) with order `mo` publishes into the location's clock:
// the thread's clock for a release, the clock at the last release fence for a relaxed one (from
// its second publication on, as a snapshot the locations share).
const race::VectorClock *published_clock(ThreadState *thr, int mo) {
  if (is_release(mo)) return &thr->clock;
  if (!thr->has_fence_release) return nullptr;
  if (thr->fence_publications++ == 0) return &thr->fence_release;
  if (!thr->fence_snapshot.is_snapshot())
    thr->fence_snapshot.snapshot(thr->fence_release, clock_memory());
  return &thr->fence_snapshot;
}

// Performs `op` on the location under its sync object's lock with the clock effects of `mo`.
// `op` returns true if it wrote (a failed compare-exchange does not). An operation that always
// writes is recorded before it is performed: once it is, the thread that reads its value (the
// last of a reference count's decrements) may free the memory at once, and a record made after
// that free would be judged against it as a race. Its epoch is the one the release publishes.
template <class Op>
void rmw_modelled(ThreadState *thr, const volatile void *a, uptr size, int mo, int failure_mo,
                  const interlock_site *site, bool always_writes, Op op) {
  // Its write is atomic with its read: never a lost update (runtime/atomicity.h).
  thr->in_read_modify_write = true;
  if (always_writes) record_access(thr, a, size, /*is_write=*/true, site);
  bool wrote = false;
  bool released = false;
  {
    ScopedInRuntime in_runtime(thr);
    with_clock_object(reinterpret_cast<uptr>(a), /*make=*/true, [&](SyncClock *o) {
      announce_update(o);
      wrote = op();
      int effective = wrote ? mo : failure_mo;
      (is_acquire(effective) ? thr->clock : thr->fence_acquire).join(o->clock, clock_memory());
      if (is_acquire(effective)) forced_edge(thr, o->clock);
      if (wrote) {
        if (const race::VectorClock *published = published_clock(thr, effective)) {
          publish_join(o, *published, clock_memory());
          released = is_release(effective);
        }
      }
    });
  }
  if (!always_writes) record_access(thr, a, size, wrote, site);
  thr->in_read_modify_write = false;
  if (released) tick(thr);
}

// The hardware operation, sequentially consistent (the model adds the ordering the program
// asked for). Overloaded for 16 bytes, where everything is a cmpxchg16b.
using u128 = unsigned __int128;
using s128 = __int128;

template <class T>
T load_now(const volatile T *a) {
  return __atomic_load_n(a, __ATOMIC_SEQ_CST);
}
template <class T>
void store_now(volatile T *a, T v) {
  __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
}
template <class T>
bool compare_exchange_now(volatile T *a, T *expected, T desired) {
  return __atomic_compare_exchange_n(a, expected, desired, false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST);
}

bool compare_exchange_now(volatile u128 *a, u128 *expected, u128 desired) {
  const u128 seen = __sync_val_compare_and_swap(a, *expected, desired);
  const bool swapped = seen == *expected;
  *expected = seen;
  return swapped;
}
// A 16-byte load is a compare-exchange that writes back what it found, as the compiler's own
// lowering does (so, like it, it needs writable memory).
u128 load_now(const volatile u128 *a) {
  return __sync_val_compare_and_swap(const_cast<volatile u128 *>(a), u128(0), u128(0));
}
void store_now(volatile u128 *a, u128 v) {
  u128 old = load_now(a);
  while (!compare_exchange_now(a, &old, v)) {
  }
}

// Read-modify-writes without a single instruction: a compare-exchange loop.
template <class T, class Update>
T fetch_update(volatile T *a, Update update) {
  T old = load_now(a);
  while (!compare_exchange_now(a, &old, update(old))) {
  }
  return old;
}

// The modelled operations below take the hardware operation as `perform`, so the same model
// serves the sized entry points and the libatomic calls of any size.
template <class Perform>
void load_modelled(const volatile void *a, uptr size, int mo, const interlock_site *site,
                   Perform perform) {
  perform();
  if (ThreadState *thr = modelling_thread()) {
    acquire_from(thr, a, mo);
    record_access(thr, a, size, false, site);
  }
}

template <class Perform>
void store_modelled(volatile void *a, uptr size, int mo, const interlock_site *site,
                    Perform perform) {
  ThreadState *thr = modelling_thread();
  if (!thr) {
    perform();
    return;
  }
  record_access(thr, a, size, true, site);
  {
    ScopedInRuntime in_runtime(thr);
    uptr addr = reinterpret_cast<uptr>(a);
    const race::VectorClock *published = published_clock(thr, mo);
    const bool modelled = with_clock_object(addr, /*make=*/published != nullptr, [&](SyncClock *o) {
      if (published)
        publish_assign(o, *published, clock_memory());
      else
        publish_clear(o, clock_memory());  // a plain relaxed store ends any release sequence
      perform();
    });
    if (!modelled) perform();
  }
  if (is_release(mo)) tick(thr);
}

template <class Perform>
void rmw_performed(volatile void *a, uptr size, int mo, const interlock_site *site,
                   Perform perform) {
  ThreadState *thr = modelling_thread();
  if (!thr) {
    perform();
    return;
  }
  if (mo == kRelaxed && !thr->has_fence_release) {
    // The location's release sequence carries on; only a later acquire fence cares what it saw.
    // Recorded first, as rmw_modelled says why; atomic with its read, as there.
    thr->in_read_modify_write = true;
    record_access(thr, a, size, true, site);
    thr->in_read_modify_write = false;
    perform();
    acquire_from(thr, a, mo);
    return;
  }
  rmw_modelled(thr, a, size, mo, mo, site, /*always_writes=*/true, [&] {
    perform();
    return true;
  });
}

// `perform` returns whether it swapped.
template <class Perform>
bool compare_exchange_performed(volatile void *a, uptr size, int mo, int failure_mo,
                                const interlock_site *site, Perform perform) {
  ThreadState *thr = modelling_thread();
  if (!thr) return perform();
  bool swapped = false;
  rmw_modelled(thr, a, size, mo, failure_mo, site, /*always_writes=*/false,
               [&] { return swapped = perform(); });
  return swapped;
}

template <class T>
T atomic_load(const volatile T *a, int mo, const interlock_site *site) {
  T v;
  load_modelled(a, sizeof(T), mo, site, [&] { v = load_now(a); });
  return v;
}

template <class T>
void atomic_store(volatile T *a, T v, int mo, const interlock_site *site) {
  store_modelled(a, sizeof(T), mo, site, [&] { store_now(a, v); });
}

template <class T, class Apply>
T atomic_rmw(volatile T *a, int mo, const interlock_site *site, Apply apply) {
  T old{};
  rmw_performed(a, sizeof(T), mo, site, [&] { old = apply(); });
  return old;
}

template <class T>
T atomic_cas(volatile T *a, T expected, T desired, int mo, int failure_mo,
             const interlock_site *site) {
  compare_exchange_performed(a, sizeof(T), mo, failure_mo, site,
                             [&] { return compare_exchange_now(a, &expected, desired); });
  return expected;  // the old value either way
}

template <class T, class Better>
T fetch_better(volatile T *a, T v, Better better) {
  return fetch_update(a, [&](T old) { return better(v, old) ? v : old; });
}

// The read-modify-writes x86 has an instruction for, and their 16-byte loops.
template <class T>
T exchange_now(volatile T *a, T v) {
  return __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST);
}
u128 exchange_now(volatile u128 *a, u128 v) {
  return fetch_update(a, [v](u128) { return v; });
}
#define INTERLOCK_FETCH_OP(NAME, EXPR)                                          \
  template <class T>                                                            \
  T fetch_##NAME##_now(volatile T *a, T v) {                                    \
    return __atomic_fetch_##NAME(a, v, __ATOMIC_SEQ_CST);                       \
  }                                                                             \
  u128 fetch_##NAME##_now(volatile u128 *a, u128 v) {                           \
    return fetch_update(a, [v](u128 x) -> u128 { return EXPR; });               \
  }
INTERLOCK_FETCH_OP(add, x + v)
INTERLOCK_FETCH_OP(sub, x - v)
INTERLOCK_FETCH_OP(and, x & v)
INTERLOCK_FETCH_OP(or, x | v)
INTERLOCK_FETCH_OP(xor, x ^ v)
INTERLOCK_FETCH_OP(nand, ~(x & v))
#undef INTERLOCK_FETCH_OP

}  // namespace
}  // namespace interlock

using namespace interlock;

#define INTERLOCK_RMW(N, T, NAME, EXPR)                                                      \
  extern "C" T __interlock_atomic##N##_##NAME(volatile T *a, T v, int mo,                   \
                                              const interlock_site *s) {                    \
    return atomic_rmw<T>(a, mo, s, [&]() -> T { EXPR; });                                   \
  }

// Min/max have no single instruction: a compare-exchange loop keeps the better value.
#define INTERLOCK_MINMAX(N, T, NAME, CT, BETTER) \
  INTERLOCK_RMW(N, T, NAME, return fetch_better<T>(a, v, [](T x, T y) { return CT(x) BETTER CT(y); }))

// T is the unsigned type of the width, S the signed one.
#define INTERLOCK_DEFINE_ATOMICS(N, T, S)                                                    \
  extern "C" T __interlock_atomic##N##_load(const volatile T *a, int mo,                     \
                                            const interlock_site *s) {                       \
    return atomic_load(a, mo, s);                                                            \
  }                                                                                          \
  extern "C" void __interlock_atomic##N##_store(volatile T *a, T v, int mo,                  \
                                                const interlock_site *s) {                   \
    atomic_store(a, v, mo, s);                                                               \
  }                                                                                          \
  INTERLOCK_RMW(N, T, exchange, return exchange_now(a, v))                                   \
  INTERLOCK_RMW(N, T, fetch_add, return fetch_add_now(a, v))                                 \
  INTERLOCK_RMW(N, T, fetch_sub, return fetch_sub_now(a, v))                                 \
  INTERLOCK_RMW(N, T, fetch_and, return fetch_and_now(a, v))                                 \
  INTERLOCK_RMW(N, T, fetch_or, return fetch_or_now(a, v))                                   \
  INTERLOCK_RMW(N, T, fetch_xor, return fetch_xor_now(a, v))                                 \
  INTERLOCK_RMW(N, T, fetch_nand, return fetch_nand_now(a, v))                               \
  INTERLOCK_MINMAX(N, T, fetch_max, S, >)                                                    \
  INTERLOCK_MINMAX(N, T, fetch_min, S, <)                                                    \
  INTERLOCK_MINMAX(N, T, fetch_umax, T, >)                                                   \
  INTERLOCK_MINMAX(N, T, fetch_umin, T, <)                                                   \
  extern "C" T __interlock_atomic##N##_compare_exchange(volatile T *a, T expected,           \
                                                        T desired, int mo, int failure_mo,   \
                                                        const interlock_site *s) {           \
    return atomic_cas(a, expected, desired, mo, failure_mo, s);                              \
  }

INTERLOCK_DEFINE_ATOMICS(8, uint8_t, int8_t)
INTERLOCK_DEFINE_ATOMICS(16, uint16_t, int16_t)
INTERLOCK_DEFINE_ATOMICS(32, uint32_t, int32_t)
INTERLOCK_DEFINE_ATOMICS(64, uint64_t, int64_t)
INTERLOCK_DEFINE_ATOMICS(128, u128, s128)

// libatomic's generic functions, performed by calling back the one the program called; the
// hardware part is always sequentially consistent, as for the sized entry points. The call runs
// inside the runtime: for an object it cannot handle lock-free, libatomic takes a mutex of its
// own and copies with memcpy, which would otherwise reach the interceptors as the program's own
// lock and plain accesses of the atomic object. The order loses the x86 lock-elision bits
// (__ATOMIC_HLE_*) a program may pass with it.
namespace {
int memory_order_of(int mo) { return mo & 0xffff; }

template <class Call>
auto in_libatomic(Call call) {
  ScopedInRuntime in_runtime(tls_thread);
  return call();
}
}  // namespace

extern "C" void __interlock_atomic_generic_load(size_t n, const volatile void *a, void *ret,
                                                int mo, const interlock_site *s,
                                                interlock_libatomic_load_fn perform) {
  load_modelled(a, n, memory_order_of(mo), s,
                [&] { in_libatomic([&] { perform(n, a, ret, __ATOMIC_SEQ_CST); }); });
}

extern "C" void __interlock_atomic_generic_store(size_t n, volatile void *a, void *value, int mo,
                                                 const interlock_site *s,
                                                 interlock_libatomic_store_fn perform) {
  store_modelled(a, n, memory_order_of(mo), s,
                 [&] { in_libatomic([&] { perform(n, a, value, __ATOMIC_SEQ_CST); }); });
}

extern "C" void __interlock_atomic_generic_exchange(size_t n, volatile void *a, void *value,
                                                    void *ret, int mo, const interlock_site *s,
                                                    interlock_libatomic_exchange_fn perform) {
  rmw_performed(a, n, memory_order_of(mo), s,
                [&] { in_libatomic([&] { perform(n, a, value, ret, __ATOMIC_SEQ_CST); }); });
}

extern "C" int __interlock_atomic_generic_compare_exchange(
    size_t n, volatile void *a, void *expected, void *desired, int mo, int failure_mo,
    const interlock_site *s, interlock_libatomic_compare_exchange_fn perform) {
  return compare_exchange_performed(
      a, n, memory_order_of(mo), memory_order_of(failure_mo), s, [&] {
        return in_libatomic(
            [&] { return perform(n, a, expected, desired, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); });
      });
}

extern "C" void __interlock_atomic_fence(int mo) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  ThreadState *thr = modelling_thread();
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  if (is_acquire(mo)) {
    thr->clock.join(thr->fence_acquire, clock_memory());
    forced_edge(thr, thr->fence_acquire);
  }
  if (is_release(mo)) {
    thr->fence_release.assign(thr->clock, clock_memory());
    thr->fence_snapshot.free(clock_memory());  // the last fence's, kept by those that hold it
    thr->fence_publications = 0;
    thr->has_fence_release = true;
    tick(thr);
  }
}
