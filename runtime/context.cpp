#include "runtime/context.h"

#include "runtime/internal_alloc.h"

namespace interlock {
namespace {

constexpr uptr kTableSlots = uptr(1) << 22;
const ContextNode **g_table;  // open addressing; a slot goes from null to a node, never back
SpinLock g_table_init_lock;

INTERLOCK_ALWAYS_INLINE uptr hash_triple(const void *p, const void *a, const void *b) {
  uptr h = reinterpret_cast<uptr>(p) * 0x9E3779B97F4A7C15ull;
  h ^= reinterpret_cast<uptr>(a) * 0xC2B2AE3D27D4EB4Full;
  h ^= reinterpret_cast<uptr>(b) * 0x165667B19E3779F9ull;
  return h ^ (h >> 29);
}

const ContextNode **table() {
  const ContextNode **t = __atomic_load_n(&g_table, __ATOMIC_ACQUIRE);
  if (INTERLOCK_LIKELY(t)) return t;
  SpinLockGuard guard(g_table_init_lock);
  if (!g_table) {
    void *mem = os_map(kTableSlots * sizeof(void *), /*reserve_only=*/true);
    if (!mem) internal_error("cannot map the calling-context table");
    __atomic_store_n(&g_table, static_cast<const ContextNode **>(mem), __ATOMIC_RELEASE);
  }
  return g_table;
}

const ContextNode *intern_global(const ContextNode *parent, const void *a, const void *b,
                                 uptr hash) {
  const ContextNode **t = table();
  ContextNode *fresh = nullptr;
  for (uptr probe = 0; probe < 64; probe++) {
    uptr i = (hash + probe) & (kTableSlots - 1);
    const ContextNode *n = __atomic_load_n(&t[i], __ATOMIC_ACQUIRE);
    if (n == nullptr) {
      if (!fresh) {
        fresh = internal_new_zeroed<ContextNode>();
        *fresh = {parent, a, b};
      }
      const ContextNode *expected = nullptr;
      if (__atomic_compare_exchange_n(&t[i], &expected, fresh, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE))
        return fresh;
      n = expected;
    }
    if (n->parent == parent && n->a == a && n->b == b) {
      if (fresh) internal_free(fresh, sizeof(ContextNode));
      return n;
    }
  }
  // A crowded neighbourhood: an uninterned node still describes the context correctly.
  if (!fresh) {
    fresh = internal_new_zeroed<ContextNode>();
    *fresh = {parent, a, b};
  }
  return fresh;
}

size_t push_site(const interlock_site *site, report::Frame *out, size_t n, size_t cap) {
  for (; site && n < cap; site = site->inlined_at)
    out[n++] = {site->function ? site->function : "??", site->file, site->line, site->column};
  return n;
}

}  // namespace

const ContextNode *intern_context(ContextCacheEntry *cache, const ContextNode *parent,
                                  const void *a, const void *b) {
  uptr h = hash_triple(parent, a, b);
  if (cache) {
    ContextCacheEntry &e = cache[(h >> 7) & (kContextCacheSize - 1)];
    if (e.parent == parent && e.a == a && e.b == b && e.node) return e.node;
    const ContextNode *n = intern_global(parent, a, b, h);
    e = {parent, a, b, n};
    return n;
  }
  return intern_global(parent, a, b, h);
}

size_t access_stack(const ContextNode *access, report::Frame *out, size_t cap) {
  if (!access || cap == 0) return 0;
  size_t n = push_site(static_cast<const interlock_site *>(access->a), out, 0, cap);
  for (const ContextNode *frame = access->parent; frame && n < cap; frame = frame->parent) {
    const auto *call_site = static_cast<const interlock_site *>(frame->a);
    if (call_site) {
      n = push_site(call_site, out, n, cap);
    } else if (frame->parent) {
      // Reached through uninstrumented code: name the caller by its definition.
      n = push_site(static_cast<const interlock_site *>(frame->parent->b), out, n, cap);
    }
  }
  return n;
}

}  // namespace interlock
