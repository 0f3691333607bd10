// Calling contexts: interned nodes of a calling-context tree, shared by all threads.
//
// A node is the triple (parent, a, b); equal triples are the same node, so a single pointer
// names a whole stack and never changes meaning. Three kinds of node use the triple:
//   frame      parent = caller's frame, a = call site in the caller (null if called from
//              uninstrumented code), b = the function's own site
//   access     parent = frame of the accessing function, a = access site, b = lock-set node
//   lock set   parent = lock set without this lock, a = mutex address, b = access node of the
//              lock call (where it was acquired)
// Shadow cells store access nodes (or the frame and site of one, see context words below), so any
// old access keeps its full stack and locks, with no trace buffer that could be recycled. Thread-safety: finding a known node takes no lock; making
// a new one takes its table shard's lock; nodes are immutable and never freed.
#ifndef INTERLOCK_RUNTIME_CONTEXT_H
#define INTERLOCK_RUNTIME_CONTEXT_H

#include "detector/report/report.h"
#include "runtime/interface.h"
#include "runtime/platform.h"

namespace interlock {

struct ContextNode {
  const ContextNode *parent;
  const void *a;
  const void *b;
  // The interning's own links (runtime/context.cpp), by node index, 0 for none: the newest of
  // this node's listed children (atomic), and the next older child of this node's parent.
  // An access node never has children: its first_child is the analyses' note of it instead
  // (access_node_note below).
  uint32_t first_child;
  uint32_t next_sibling;
};
static_assert(sizeof(ContextNode) == 32, "nodes are indexed in 32-byte units");

struct ContextCacheEntry {
  const ContextNode *parent;
  const void *a;
  const void *b;
  const ContextNode *node;
};
constexpr unsigned kContextCacheSize = 1024;  // per thread, direct-mapped

// Global interning; `cache` is the calling thread's (may be null). Making a node writes `cache`
// and may take a table shard's lock: a thread that calls this must count as inside the runtime
// (ThreadState::in_runtime), so that a signal handler interrupting it stays out.
const ContextNode *intern_context(ContextCacheEntry *cache, const ContextNode *parent,
                                  const void *a, const void *b);
// intern_context for a thread that is not inside the runtime (a function's entry): the node is
// first looked up among the few children `parent` lists, reading only immutable nodes and
// atomics and writing nothing (a signal handler may interrupt that and intern anything
// meanwhile; the common case). Only past that (the cache, a table lock, a new node) is
// `*in_runtime` (the thread's ThreadState::in_runtime) raised, so that a handler interrupting it
// stays out.
const ContextNode *intern_context_outside_runtime(ContextCacheEntry *cache,
                                                 const ContextNode *parent, const void *a,
                                                 const void *b, int *in_runtime);

// Context words, as shadow records keep them: an access node's address, or, for an access made
// with no lock held (most accesses), the frame's node index and the site's id packed with
// kInlineAccessBit, so that such an access needs no node of its own (a recursion's every call
// otherwise makes one per access site). Nodes are 32-byte aligned, so their addresses leave
// bits 0-4 clear: bit 0 is a shadow cell's lock and bit 1 tags per-byte contexts
// (detector/race/shadow_cell.h). Equal accesses give equal words.
//   inline word: frame index (32 bits) << 32 | site id (29 bits) << 3 | kInlineAccessBit
constexpr uint64_t kInlineAccessBit = 4;

// A small id for `site` (not null; ids are given out once and never reused); 0 if the ids ran
// out, and the access then needs a node.
uint32_t site_id(const interlock_site *site);
// The access node a context word names, made now for an inline word (the node its access would
// have had: the frame's child for the site, with no lock set).
const ContextNode *access_node_of_word(uint64_t word);

// A node's 32-bit id (0 for null; no node has id 0), for records that keep a calling context in
// half a word (the forced order's evidence, detector/race/forced_order.h), and the node of an id.
// (Inline: every unlock makes one. Nodes live in one region from `g_context_node_region`.)
extern uptr g_context_node_region __attribute__((visibility("hidden")));  // (no GOT)
INTERLOCK_ALWAYS_INLINE uint32_t context_node_id(const ContextNode *node) {
  return node ? uint32_t((reinterpret_cast<uptr>(node) - g_context_node_region) /
                         sizeof(ContextNode))
              : 0;
}
INTERLOCK_ALWAYS_INLINE const ContextNode *context_node_of_id(uint32_t id) {
  return id ? reinterpret_cast<const ContextNode *>(g_context_node_region +
                                                    uptr(id) * sizeof(ContextNode))
            : nullptr;
}

// The inline word for an access at the site with id `site_id` in `frame` (either may be null/0:
// id 0 is no site). (Inline: every slow-path access made with no lock held asks.)
INTERLOCK_ALWAYS_INLINE uint64_t inline_access_word(const ContextNode *frame, uint32_t site_id) {
  return uint64_t(context_node_id(frame)) << 32 | uint64_t(site_id) << 3 | kInlineAccessBit;
}
// The site id an inline word holds.
INTERLOCK_ALWAYS_INLINE uint32_t inline_word_site_id(uint64_t word) {
  return uint32_t(word) >> 3;
}

// What the atomicity analysis learned of reads at an access node (runtime/atomicity.h), kept in
// the node's free word: 0 until it learns it. Any thread may set it, to the one value it finds.
INTERLOCK_ALWAYS_INLINE uint32_t access_node_note(const ContextNode *access) {
  return __atomic_load_n(&access->first_child, __ATOMIC_RELAXED);
}
INTERLOCK_ALWAYS_INLINE void set_access_node_note(const ContextNode *access, uint32_t note) {
  __atomic_store_n(const_cast<uint32_t *>(&access->first_child), note, __ATOMIC_RELAXED);
}

// Fills `out` with the frames of an access node, innermost first (inlined frames expanded).
// Returns the number of frames written (at most `cap`).
size_t access_stack(const ContextNode *access, report::Frame *out, size_t cap);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_CONTEXT_H
