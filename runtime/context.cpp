#include "runtime/context.h"

#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/rt.h"

namespace interlock {

uptr g_context_node_region;  // base, mapped on first use (context.h)

namespace {

// Nodes live in one reserved region and name each other by 32-bit index, so a node can keep
// its children in a list (first child, next sibling) at no more than a quarter of its size.
// A thread takes its nodes from a chunk of its own, carved from the region: nodes made one
// after another by one thread (a recursion's frames and their accesses) lie side by side.
// Reserved, touched only as nodes are made. Valgrind cannot reserve 64 GiB: to count a run's
// instructions under callgrind, build with -DINTERLOCK_NODE_REGION_SHIFT=32.
#ifndef INTERLOCK_NODE_REGION_SHIFT
#define INTERLOCK_NODE_REGION_SHIFT 36
#endif
constexpr uptr kNodeRegionBytes = uptr(1) << INTERLOCK_NODE_REGION_SHIFT;
constexpr uptr kFirstChunkBytes = 512;            // a short-lived thread touches little
constexpr uptr kLastChunkBytes = 64 * 1024;
uptr g_region_cursor = sizeof(ContextNode);  // offset of the next free chunk; index 0 = none

struct NodeChunk {
  uptr cursor;  // offset of the next node in this thread's chunk
  uptr end;
  uptr next_size;
};
__thread NodeChunk t_chunk __attribute__((tls_model("initial-exec")));

INTERLOCK_ALWAYS_INLINE ContextNode *node_at(uint32_t index) {
  return reinterpret_cast<ContextNode *>(g_context_node_region + uptr(index) * sizeof(ContextNode));
}
INTERLOCK_ALWAYS_INLINE uint32_t index_of(const ContextNode *n) {
  return uint32_t((reinterpret_cast<uptr>(n) - g_context_node_region) / sizeof(ContextNode));
}

// A fresh node of this thread's chunk. The cursor moves with one atomic add, so a signal
// handler interrupting here and making nodes of its own never gets the same one; a refill
// sets the cursor before the end, and chunks only move up, so an interrupted refill at worst
// strands the rest of a chunk.
ContextNode *new_node() {
  if (INTERLOCK_UNLIKELY(g_context_node_region == 0))
    os_map_once(&g_context_node_region, kNodeRegionBytes, "calling contexts");
  uptr at = __atomic_fetch_add(&t_chunk.cursor, sizeof(ContextNode), __ATOMIC_RELAXED);
  if (INTERLOCK_LIKELY(at != 0 && at < t_chunk.end)) return reinterpret_cast<ContextNode *>(g_context_node_region + at);
  uptr size = t_chunk.next_size ? t_chunk.next_size : kFirstChunkBytes;
  uptr chunk = __atomic_fetch_add(&g_region_cursor, size, __ATOMIC_RELAXED);
  if (chunk + size > kNodeRegionBytes) internal_error("out of room for calling contexts");
  __atomic_store_n(&t_chunk.cursor, chunk + sizeof(ContextNode), __ATOMIC_RELAXED);
  __atomic_store_n(&t_chunk.end, chunk + size, __ATOMIC_RELAXED);
  t_chunk.next_size = size < kLastChunkBytes ? size * 2 : size;
  return reinterpret_cast<ContextNode *>(g_context_node_region + chunk);
}

INTERLOCK_ALWAYS_INLINE bool same(const ContextNode *n, const ContextNode *parent, const void *a,
                                  const void *b) {
  return n->parent == parent && n->a == a && n->b == b;
}

// A node keeps up to this many children in its list; the rest (a function with many access
// sites, a mutex-heavy program's lock sets) and nodes without a parent go to the table below.
// The list's length only grows, and only while short, so a triple is in the list or, once the
// list is full, in the table. The first lookup that finds the list full also puts the listed
// children in the table (the same nodes) and then marks the list, so that later lookups go
// straight to the table: a frame with 100,000 access nodes under it (one per lock set) would
// otherwise have every lookup walk eight children first.
constexpr unsigned kListedChildren = 8;
// Set in first_child once the listed children are in the table too. Node indices stay below it:
// the region holds at most 2^31 nodes.
constexpr uint32_t kListInTable = 1u << 31;
static_assert(kNodeRegionBytes / sizeof(ContextNode) <= kListInTable, "indices reach the mark");

// The child of `parent` for (a, b) if its list has it. Otherwise null, with the list's head
// in `*head` and its length in `*listed` (kListedChildren, head marked, for a marked list).
INTERLOCK_ALWAYS_INLINE const ContextNode *listed_child(const ContextNode *parent, const void *a,
                                                        const void *b, uint32_t *head,
                                                        unsigned *listed) {
  uint32_t first = __atomic_load_n(&parent->first_child, __ATOMIC_ACQUIRE);
  *head = first;
  *listed = kListedChildren;
  if (first & kListInTable) return nullptr;
  unsigned n = 0;
  for (uint32_t i = first; i != 0; n++) {
    const ContextNode *c = node_at(i);
    if (same(c, parent, a, b)) return c;
    i = c->next_sibling;
  }
  *listed = n;
  return nullptr;
}

// The interning table, for what lists do not hold: shards picked by the hash's top bits, each
// an open-addressing array that doubles at half full, so a lookup stays a short probe however
// many contexts the program makes. Lookups read the current array without a lock; an insertion
// takes the shard's lock and probes again. An array outgrown is kept, never freed: a lock-free
// reader may still be in it (it then misses, and retries under the lock).
constexpr unsigned kShardBits = 6;
constexpr unsigned kShards = 1u << kShardBits;
constexpr uptr kInitialSlots = 1024;

// A slot holds its node's address with five bits of the triple's hash in the bits the nodes'
// 32-byte alignment leaves clear, so that a probe passes most slots of other triples without
// reading their nodes (each a cache miss: a program with a lock per object makes millions).
// 0 is an empty slot.
struct SlotArray {
  uptr mask;  // capacity - 1
  uptr slots[1];
};
constexpr uptr kSlotTagMask = sizeof(ContextNode) - 1;
INTERLOCK_ALWAYS_INLINE uptr slot_tag(uptr hash) { return (hash >> 52) & kSlotTagMask; }
INTERLOCK_ALWAYS_INLINE uptr tagged_slot(const ContextNode *n, uptr hash) {
  return reinterpret_cast<uptr>(n) | slot_tag(hash);
}
INTERLOCK_ALWAYS_INLINE const ContextNode *slot_node(uptr slot) {
  return reinterpret_cast<const ContextNode *>(slot & ~kSlotTagMask);
}

// The array pointer, read by every lookup, has a cache line of its own: the lock and the count
// beside it are written by every insertion, and sharing their line made lookups miss.
struct Shard {
  alignas(64) SlotArray *array;  // atomic: replaced (under the lock) when it grows
  alignas(64) SpinLock lock;
  uptr count;
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
      internal_alloc(sizeof(SlotArray) + (capacity - 1) * sizeof(uptr)));
  a->mask = capacity - 1;
  return a;
}

// Probes `a` for the triple; returns the node, or null at the first empty slot (whose index
// goes to `*empty`).
INTERLOCK_ALWAYS_INLINE const ContextNode *probe(const SlotArray *a, const ContextNode *parent,
                                                 const void *x, const void *y, uptr hash,
                                                 uptr *empty) {
  const uptr tag = slot_tag(hash);
  for (uptr i = hash & a->mask;; i = (i + 1) & a->mask) {
    const uptr slot = __atomic_load_n(&a->slots[i], __ATOMIC_ACQUIRE);
    if (slot == 0) {
      *empty = i;
      return nullptr;
    }
    if ((slot & kSlotTagMask) != tag) continue;
    const ContextNode *n = slot_node(slot);
    if (same(n, parent, x, y)) return n;
  }
}

// Doubles the shard's array (lock held).
void grow(Shard &s, SlotArray *old) {
  SlotArray *bigger = new_slot_array((old->mask + 1) * 2);
  for (uptr i = 0; i <= old->mask; i++) {
    const uptr slot = old->slots[i];
    if (slot == 0) continue;
    const ContextNode *n = slot_node(slot);
    uptr j = hash_triple(n->parent, n->a, n->b) & bigger->mask;
    while (bigger->slots[j]) j = (j + 1) & bigger->mask;
    bigger->slots[j] = slot;
  }
  __atomic_store_n(&s.array, bigger, __ATOMIC_RELEASE);
}

// `spare`, if not null, is a node already made for the triple (fields set): the table takes it
// if it lacks the triple, untouched (it may be a listed child, still in its parent's list).
const ContextNode *intern_global(const ContextNode *parent, const void *a, const void *b,
                                 uptr hash, const ContextNode *spare) {
  Shard &s = g_shards[hash >> (64 - kShardBits)];
  uptr empty = 0;  // set by every probe that returns null
  if (SlotArray *arr = __atomic_load_n(&s.array, __ATOMIC_ACQUIRE))
    if (const ContextNode *n = probe(arr, parent, a, b, hash, &empty)) return n;
  SpinLockGuard guard(s.lock);
  SlotArray *arr = s.array;
  if (!arr) {
    arr = new_slot_array(kInitialSlots);
    __atomic_store_n(&s.array, arr, __ATOMIC_RELEASE);
  }
  if (const ContextNode *n = probe(arr, parent, a, b, hash, &empty)) return n;
  const ContextNode *fresh = spare;
  if (!fresh) {
    ContextNode *made = new_node();
    *made = {parent, a, b, 0, 0};
    fresh = made;
  }
  __atomic_store_n(&arr->slots[empty], tagged_slot(fresh, hash), __ATOMIC_RELEASE);
  if (++s.count * 2 > arr->mask + 1) grow(s, arr);
  return fresh;
}

INTERLOCK_ALWAYS_INLINE const ContextNode *intern_cached(ContextCacheEntry *cache,
                                                         const ContextNode *parent, const void *a,
                                                         const void *b, const ContextNode *spare) {
  uptr h = hash_triple(parent, a, b);
  if (cache) {
    ContextCacheEntry &e = cache[(h >> 7) & (kContextCacheSize - 1)];
    if (e.parent == parent && e.a == a && e.b == b && e.node) return e.node;
    const ContextNode *n = intern_global(parent, a, b, h, spare);
    e = {parent, a, b, n};
    return n;
  }
  return intern_global(parent, a, b, h, spare);
}

// The table's node for (a, b) under `parent`, whose list is full with head `head`: the first
// time, the listed children go to the table and the list is marked (any thread may do it, and
// several at once: each child goes in once).
INTERLOCK_NOINLINE void put_list_in_table(const ContextNode *parent, uint32_t head) {
  for (uint32_t i = head; i != 0;) {
    const ContextNode *c = node_at(i);
    intern_global(parent, c->a, c->b, hash_triple(parent, c->a, c->b), c);
    i = c->next_sibling;
  }
  __atomic_fetch_or(const_cast<uint32_t *>(&parent->first_child), kListInTable, __ATOMIC_RELEASE);
}
INTERLOCK_ALWAYS_INLINE const ContextNode *intern_past_list(ContextCacheEntry *cache,
                                                            const ContextNode *parent,
                                                            const void *a, const void *b,
                                                            uint32_t head,
                                                            const ContextNode *spare) {
  if (INTERLOCK_UNLIKELY(!(head & kListInTable))) put_list_in_table(parent, head);
  return intern_cached(cache, parent, a, b, spare);
}

// Adds (a, b) to `parent`'s list, whose head was `head` with `listed` children, unless another
// thread adds it first; goes to the table if the list fills meanwhile.
const ContextNode *insert_child(ContextCacheEntry *cache, const ContextNode *parent,
                                const void *a, const void *b, uint32_t head, unsigned listed) {
  ContextNode *fresh = new_node();
  *fresh = {parent, a, b, 0, head};
  uint32_t fresh_index = index_of(fresh);
  auto *first = const_cast<uint32_t *>(&parent->first_child);
  for (;;) {
    uint32_t seen = head;
    if (__atomic_compare_exchange_n(first, &seen, fresh_index, false, __ATOMIC_RELEASE,
                                    __ATOMIC_ACQUIRE))
      return fresh;
    // Children were added since `head` (unless the list is marked, and they are in the
    // table): the triple may be among them.
    if (!(seen & kListInTable)) {
      for (uint32_t i = seen; i != head; listed++) {
        const ContextNode *c = node_at(i);
        if (same(c, parent, a, b)) return c;  // `fresh` is stranded: a lost race costs a node
        i = c->next_sibling;
      }
    }
    head = seen;
    if ((head & kListInTable) || listed >= kListedChildren) {
      fresh->next_sibling = 0;  // in no list
      return intern_past_list(cache, parent, a, b, head, fresh);
    }
    fresh->next_sibling = head;
  }
}

// Site ids: `g_site_of` maps an id to its site (a reserved array, touched as ids are given
// out); an open-addressing table of ids, hashed on the site's address, maps back. Like the
// context table: lock-free lookups, insertions under a lock, arrays doubled at half full and the
// outgrown ones kept. A program has as many sites as instructions that access memory, so the
// table stays small and its lines stay cached.
constexpr uint32_t kMaxSiteIds = 1u << 24;  // well below the word's 29 bits
uptr g_site_of;                             // const interlock_site *[kMaxSiteIds], mapped on first use

struct SiteIdArray {
  uptr mask;
  uint32_t ids[1];
};
struct SiteIds {
  alignas(64) SiteIdArray *array;  // atomic
  alignas(64) SpinLock lock;
  uint32_t count;  // ids given out; id 0 is none
};
SiteIds g_site_ids;

INTERLOCK_ALWAYS_INLINE const interlock_site *site_of(uint32_t id) {
  return __atomic_load_n(reinterpret_cast<const interlock_site **>(g_site_of) + id, __ATOMIC_RELAXED);
}
INTERLOCK_ALWAYS_INLINE uptr hash_site(const interlock_site *site) {
  uptr h = reinterpret_cast<uptr>(site) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 31);
}

SiteIdArray *new_site_id_array(uptr capacity) {
  auto *a = static_cast<SiteIdArray *>(
      internal_alloc(sizeof(SiteIdArray) + (capacity - 1) * sizeof(uint32_t)));
  a->mask = capacity - 1;
  return a;
}

// The id of `site` in `a`, or 0 at the first empty slot (whose index goes to `*empty`).
uint32_t probe_site(const SiteIdArray *a, const interlock_site *site, uptr *empty) {
  for (uptr i = hash_site(site) & a->mask;; i = (i + 1) & a->mask) {
    uint32_t id = __atomic_load_n(&a->ids[i], __ATOMIC_ACQUIRE);
    if (id == 0) {
      *empty = i;
      return 0;
    }
    if (site_of(id) == site) return id;
  }
}

size_t push_site(const interlock_site *site, report::Frame *out, size_t n, size_t cap) {
  for (; site && n < cap; site = site->inlined_at)
    out[n++] = {site->function ? site->function : "??", site->file, site->line, site->column};
  return n;
}

// The node for (a, b) under `parent` once its list is known not to hold it (head `head`,
// `listed` children; no parent: the table alone): added to the list while it is short, else
// found or made in the table.
INTERLOCK_ALWAYS_INLINE const ContextNode *intern_not_listed(ContextCacheEntry *cache,
                                                             const ContextNode *parent,
                                                             const void *a, const void *b,
                                                             uint32_t head, unsigned listed) {
  if (!parent) return intern_cached(cache, parent, a, b, nullptr);
  return listed < kListedChildren ? insert_child(cache, parent, a, b, head, listed)
                                  : intern_past_list(cache, parent, a, b, head, nullptr);
}

}  // namespace

const ContextNode *intern_context(ContextCacheEntry *cache, const ContextNode *parent,
                                  const void *a, const void *b) {
  uint32_t head = 0;
  unsigned listed = kListedChildren;
  if (parent)
    if (const ContextNode *n = listed_child(parent, a, b, &head, &listed)) return n;
  return intern_not_listed(cache, parent, a, b, head, listed);
}

const ContextNode *intern_context_outside_runtime(ContextCacheEntry *cache,
                                                 const ContextNode *parent, const void *a,
                                                 const void *b, int *in_runtime) {
  uint32_t head = 0;
  unsigned listed = kListedChildren;
  if (parent)
    if (const ContextNode *n = listed_child(parent, a, b, &head, &listed)) return n;
  enter_runtime(*in_runtime);
  const ContextNode *n = intern_not_listed(cache, parent, a, b, head, listed);
  leave_runtime(*in_runtime);
  return n;
}

uint32_t site_id(const interlock_site *site) {
  uptr empty;
  if (SiteIdArray *arr = __atomic_load_n(&g_site_ids.array, __ATOMIC_ACQUIRE))
    if (uint32_t id = probe_site(arr, site, &empty)) return id;
  SpinLockGuard guard(g_site_ids.lock);
  SiteIdArray *arr = g_site_ids.array;
  if (!arr) {
    os_map_once(&g_site_of, kMaxSiteIds * sizeof(const interlock_site *), "site ids");
    arr = new_site_id_array(1024);
    __atomic_store_n(&g_site_ids.array, arr, __ATOMIC_RELEASE);
  }
  if (uint32_t id = probe_site(arr, site, &empty)) return id;
  if (g_site_ids.count + 1 >= kMaxSiteIds) return 0;
  uint32_t id = ++g_site_ids.count;
  __atomic_store_n(reinterpret_cast<const interlock_site **>(g_site_of) + id, site, __ATOMIC_RELAXED);
  __atomic_store_n(&arr->ids[empty], id, __ATOMIC_RELEASE);
  if (uptr(g_site_ids.count) * 2 > arr->mask + 1) {
    SiteIdArray *bigger = new_site_id_array((arr->mask + 1) * 2);
    for (uptr i = 0; i <= arr->mask; i++) {
      uint32_t known = arr->ids[i];
      if (known == 0) continue;
      uptr j = hash_site(site_of(known)) & bigger->mask;
      while (bigger->ids[j]) j = (j + 1) & bigger->mask;
      bigger->ids[j] = known;
    }
    __atomic_store_n(&g_site_ids.array, bigger, __ATOMIC_RELEASE);
  }
  return id;
}

const ContextNode *access_node_of_word(uint64_t word) {
  if ((word & kInlineAccessBit) == 0) return reinterpret_cast<const ContextNode *>(word);
  const uint32_t frame_index = uint32_t(word >> 32);
  const ContextNode *frame = frame_index ? node_at(frame_index) : nullptr;
  const uint32_t id = inline_word_site_id(word);
  return intern_context(nullptr, frame, id ? site_of(id) : nullptr, nullptr);
}

void lock_contexts_for_fork() {
  for (Shard &s : g_shards) s.lock.lock();
  g_site_ids.lock.lock();
}
void unlock_contexts_after_fork() {
  g_site_ids.lock.unlock();
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
