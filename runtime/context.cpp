#include "runtime/context.h"

#include "runtime/fork.h"
#include "runtime/internal_alloc.h"

namespace interlock {
namespace {

// The interning table: shards picked by the hash's top bits, each an open-addressing array
// that doubles at half full, so a lookup stays a short probe however many contexts the program
// makes (a fixed table filled up, and then every call probed its limit and allocated anew).
// Lookups read the current array without a lock; an insertion takes the shard's lock and
// probes again. An array outgrown is kept, never freed: a lock-free reader may still be in it
// (it then misses, and retries under the lock). Nodes come from a per-shard bump chunk.
constexpr unsigned kShardBits = 6;
constexpr unsigned kShards = 1u << kShardBits;
constexpr uptr kInitialSlots = 1024;
constexpr uptr kNodeChunkBytes = 64 * 1024;

struct SlotArray {
  uptr mask;  // capacity - 1
  const ContextNode *slots[1];
};

// The array pointer, read by every lookup, has a cache line of its own: the lock and the counts
// beside it are written by every insertion, and sharing their line made lookups miss.
struct Shard {
  alignas(64) SlotArray *array;  // atomic: replaced (under the lock) when it grows
  alignas(64) SpinLock lock;
  uptr count;
  ContextNode *chunk;  // bump allocation of nodes
  uptr chunk_left;
};
Shard g_shards[kShards];

INTERLOCK_ALWAYS_INLINE uptr hash_triple(const void *p, const void *a, const void *b) {
  uptr h = reinterpret_cast<uptr>(p) * 0x9E3779B97F4A7C15ull;
  h ^= reinterpret_cast<uptr>(a) * 0xC2B2AE3D27D4EB4Full;
  h ^= reinterpret_cast<uptr>(b) * 0x165667B19E3779F9ull;
  return h ^ (h >> 29);
}

SlotArray *new_slot_array(uptr capacity) {
  auto *a = static_cast<SlotArray *>(
      internal_alloc(sizeof(SlotArray) + (capacity - 1) * sizeof(const ContextNode *)));
  a->mask = capacity - 1;
  return a;
}

// Probes `a` for the triple; returns the node, or null at the first empty slot (whose index
// goes to `*empty`).
INTERLOCK_ALWAYS_INLINE const ContextNode *probe(const SlotArray *a, const ContextNode *parent,
                                                 const void *x, const void *y, uptr hash,
                                                 uptr *empty) {
  for (uptr i = hash & a->mask;; i = (i + 1) & a->mask) {
    const ContextNode *n = __atomic_load_n(&a->slots[i], __ATOMIC_ACQUIRE);
    if (n == nullptr) {
      *empty = i;
      return nullptr;
    }
    if (n->parent == parent && n->a == x && n->b == y) return n;
  }
}

// Doubles the shard's array (lock held).
void grow(Shard &s, SlotArray *old) {
  SlotArray *bigger = new_slot_array((old->mask + 1) * 2);
  for (uptr i = 0; i <= old->mask; i++) {
    const ContextNode *n = old->slots[i];
    if (!n) continue;
    uptr j = hash_triple(n->parent, n->a, n->b) & bigger->mask;
    while (bigger->slots[j]) j = (j + 1) & bigger->mask;
    bigger->slots[j] = n;
  }
  __atomic_store_n(&s.array, bigger, __ATOMIC_RELEASE);
}

ContextNode *new_node(Shard &s) {
  if (s.chunk_left == 0) {
    s.chunk = static_cast<ContextNode *>(internal_alloc(kNodeChunkBytes));
    s.chunk_left = kNodeChunkBytes / sizeof(ContextNode);
  }
  s.chunk_left--;
  return s.chunk++;
}

const ContextNode *intern_global(const ContextNode *parent, const void *a, const void *b,
                                 uptr hash) {
  Shard &s = g_shards[hash >> (64 - kShardBits)];
  uptr empty;
  if (SlotArray *arr = __atomic_load_n(&s.array, __ATOMIC_ACQUIRE))
    if (const ContextNode *n = probe(arr, parent, a, b, hash, &empty)) return n;
  SpinLockGuard guard(s.lock);
  SlotArray *arr = s.array;
  if (!arr) {
    arr = new_slot_array(kInitialSlots);
    __atomic_store_n(&s.array, arr, __ATOMIC_RELEASE);
  }
  if (const ContextNode *n = probe(arr, parent, a, b, hash, &empty)) return n;
  ContextNode *fresh = new_node(s);
  *fresh = {parent, a, b};
  __atomic_store_n(&arr->slots[empty], fresh, __ATOMIC_RELEASE);
  if (++s.count * 2 > arr->mask + 1) grow(s, arr);
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

void lock_contexts_for_fork() {
  for (Shard &s : g_shards) s.lock.lock();
}
void unlock_contexts_after_fork() {
  for (Shard &s : g_shards) s.lock.unlock();
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
