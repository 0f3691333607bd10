// The lock-order graph's bookkeeping: locks and their incarnations, edges and their
// observations, interned held sets. The cycle search lives in cycle_search.cpp.
#include "detector/deadlock/lock_graph.h"

namespace interlock::deadlock {
namespace {

constexpr uint32_t kSaturated = 0xFFFFFFFFu;

uint32_t saturating_increment(uint32_t n) { return n == kSaturated ? n : n + 1; }

uint32_t pair_hash(uint32_t from, uint32_t to) { return hash32((uint64_t(from) << 32) | to); }

uint32_t held_set_hash(uint32_t parent, uint64_t incarnation, bool write) {
  return hash32(mix64(parent) ^ (incarnation * 0x9E3779B97F4A7C15ull) ^ (write ? 1 : 0));
}

}  // namespace

LockGraph::~LockGraph() {
  locks_.free_all(mem_);
  edges_.free_all(mem_);
  held_sets_.free_all(mem_);
  lock_by_address_.free(mem_);
  edge_by_pair_.free(mem_);
  held_set_by_content_.free(mem_);
  reported_by_key_.free(mem_);
  reported_keys_.free(mem_);
  held_nodes_.free(mem_);
  new_edges_.free(mem_);
  chain_.free(mem_);
  steps_.free(mem_);
  cycle_edges_.free(mem_);
  chosen_other_.free(mem_);
  report_edges_.free(mem_);
  report_locks_.free(mem_);
  report_order_.free(mem_);
  order_score_.free(mem_);
}

uint32_t LockGraph::next_stamp() {
  if (++stamp_ == 0) {
    // Wrapped: old stamps could now look current. Forget them all, once every 2^32 operations.
    for (uint32_t i = 1; i < locks_.end(); i++) {
      LockNode &n = locks_[i];
      n.held_stamp = n.visit_stamp = n.tag_stamp = 0;
    }
    for (uint32_t i = 1; i < held_sets_.end(); i++) held_sets_[i].memo_stamp = 0;
    stamp_ = 1;
  }
  return stamp_;
}

// ---- locks ----

uint32_t LockGraph::find_lock(uint64_t address) const {
  return lock_by_address_.find(hash32(address),
                               [&](uint32_t i) { return locks_[i].address == address; });
}

uint32_t LockGraph::lock_for(uint64_t address) {
  if (uint32_t found = find_lock(address)) return found;
  uint32_t i = locks_.allocate(mem_);
  LockNode &n = locks_[i];
  n.address = address;
  n.incarnation = next_incarnation_++;
  n.owner = kNoThread;
  lock_by_address_.insert(hash32(address), i, mem_);
  return i;
}

void LockGraph::remove_lock(uint32_t node) {
  while (uint32_t e = locks_[node].out_head) remove_edge(e);
  while (uint32_t e = locks_[node].in_head) remove_edge(e);
  lock_by_address_.erase(hash32(locks_[node].address), node);
  // Held sets naming this incarnation stay valid: their entries compare incarnations, which are
  // never reused, so a new lock in this slot is never mistaken for a gate it did not hold.
  locks_[node].incarnation = 0;
  locks_.release(node, mem_);
}

void LockGraph::on_create(uint64_t lock) {
  if (uint32_t stale = find_lock(lock)) remove_lock(stale);
}

void LockGraph::on_destroy(uint64_t lock) {
  if (uint32_t node = find_lock(lock)) remove_lock(node);
}

void LockGraph::on_acquired(uint32_t thread, uint64_t lock, LockMode mode) {
  uint32_t node = lock_for(lock);
  if (mode == LockMode::kWrite) locks_[node].owner = thread;
}

void LockGraph::on_release(uint32_t thread, uint64_t lock) {
  uint32_t node = find_lock(lock);
  if (!node) return;
  LockNode &n = locks_[node];
  if (n.owner != kNoThread && n.owner != thread) n.released_by_non_holder = 1;
  n.owner = kNoThread;
}

// ---- edges ----

uint32_t LockGraph::find_edge(uint32_t from, uint32_t to) const {
  return edge_by_pair_.find(pair_hash(from, to), [&](uint32_t e) {
    return edges_[e].from == from && edges_[e].to == to;
  });
}

uint32_t LockGraph::add_edge(uint32_t from, uint32_t to) {
  uint32_t i = edges_.allocate(mem_);
  Edge &e = edges_[i];
  e.from = from;
  e.to = to;
  e.other.thread = kNoThread;
  e.next_out = locks_[from].out_head;
  if (e.next_out) edges_[e.next_out].prev_out = i;
  locks_[from].out_head = i;
  e.next_in = locks_[to].in_head;
  if (e.next_in) edges_[e.next_in].prev_in = i;
  locks_[to].in_head = i;
  edge_by_pair_.insert(pair_hash(from, to), i, mem_);
  return i;
}

void LockGraph::remove_edge(uint32_t index) {
  Edge &e = edges_[index];
  if (e.prev_out)
    edges_[e.prev_out].next_out = e.next_out;
  else
    locks_[e.from].out_head = e.next_out;
  if (e.next_out) edges_[e.next_out].prev_out = e.prev_out;
  if (e.prev_in)
    edges_[e.prev_in].next_in = e.next_in;
  else
    locks_[e.to].in_head = e.next_in;
  if (e.next_in) edges_[e.next_in].prev_in = e.prev_in;
  edge_by_pair_.erase(pair_hash(e.from, e.to), index);
  if (e.gate) release_held_set(e.gate);
  edges_.release(index, mem_);
}

uint32_t LockGraph::observations(uint64_t from, uint64_t to) const {
  uint32_t a = find_lock(from), b = find_lock(to);
  if (!a || !b) return 0;
  uint32_t e = find_edge(a, b);
  if (!e) return 0;
  uint64_t total = uint64_t(edges_[e].blocking_count) + edges_[e].try_count;
  return total > kSaturated ? kSaturated : uint32_t(total);
}

// ---- held sets ----

uint32_t LockGraph::intern_held_set(uint32_t parent, uint32_t lock, bool write) {
  uint64_t incarnation = locks_[lock].incarnation;
  uint32_t hash = held_set_hash(parent, incarnation, write);
  uint32_t found = held_set_by_content_.find(hash, [&](uint32_t i) {
    const HeldSetNode &n = held_sets_[i];
    return n.parent == parent && n.incarnation == incarnation && (n.write != 0) == write;
  });
  if (found) return found;
  uint32_t i = held_sets_.allocate(mem_);
  HeldSetNode &n = held_sets_[i];
  n.parent = parent;
  n.lock = lock;
  n.incarnation = incarnation;
  n.write = write;
  if (parent) held_sets_[parent].refs++;
  held_set_by_content_.insert(hash, i, mem_);
  return i;
}

void LockGraph::retain_held_set(uint32_t node) {
  if (node) held_sets_[node].refs++;
}

void LockGraph::release_held_set(uint32_t node) {
  while (node && --held_sets_[node].refs == 0) {
    HeldSetNode &n = held_sets_[node];
    uint32_t parent = n.parent;
    held_set_by_content_.erase(held_set_hash(n.parent, n.incarnation, n.write != 0), node);
    held_sets_.release(node, mem_);
    node = parent;
  }
}

// The part of `gate` that the current request also holds (its locks carry the current
// held_stamp), keeping write only where both held the lock in write mode: what was held in
// EVERY observation, in write mode in every observation.
uint32_t LockGraph::intersect_held_sets(uint32_t gate) {
  chain_.clear();
  for (uint32_t n = gate; n; n = held_sets_[n].parent) chain_.push_back(n, mem_);
  uint32_t result = 0;
  for (uint32_t i = chain_.size(); i-- > 0;) {
    const HeldSetNode entry = held_sets_[chain_[i]];
    const LockNode &lock = locks_[entry.lock];
    if (lock.incarnation != entry.incarnation || lock.held_stamp != stamp_) continue;
    result = intern_held_set(result, entry.lock, entry.write && lock.held_write);
  }
  return result;
}

// Records one observation of `edge`. True if the edge can now close cycles it could not before
// (first blocking observation, a new write mode, a second thread, a smaller gate set), so that
// the caller searches again; each of these happens a bounded number of times per edge.
bool LockGraph::observe(uint32_t edge, const LockRequest &request, const HeldLock &held,
                        uint32_t held_set) {
  Edge &e = edges_[edge];
  Witness witness{request.thread, held.acquired_at, request.requested_at};
  if (request.is_try) {
    if (e.blocking_count == 0 && e.try_count == 0) e.first = witness;
    e.try_count = saturating_increment(e.try_count);
    return false;
  }
  bool widened = false;
  if (e.blocking_count == 0) {
    e.first = witness;
    e.gate = held_set;
    retain_held_set(held_set);
    widened = true;
  } else {
    if (e.other.thread == kNoThread && witness.thread != e.first.thread) {
      e.other = witness;
      widened = true;
    }
    if (e.gate != held_set && e.gate != 0) {
      uint32_t narrowed = intersect_held_sets(e.gate);
      if (narrowed != e.gate) {
        retain_held_set(narrowed);
        release_held_set(e.gate);
        e.gate = narrowed;
        widened = true;
      }
    }
  }
  e.blocking_count = saturating_increment(e.blocking_count);
  if (held.mode == LockMode::kWrite && !e.from_write) {
    e.from_write = 1;
    widened = true;
  }
  if (request.mode == LockMode::kWrite && !e.to_write) {
    e.to_write = 1;
    widened = true;
  }
  return widened;
}

void LockGraph::on_request(const LockRequest &request, CycleSink *sink) {
  if (request.held_count == 0) return;
  for (size_t i = 0; i < request.held_count; i++)
    if (request.held[i].lock == request.lock) return;  // re-lock: no order between a lock and itself

  uint32_t to = lock_for(request.lock);
  uint32_t stamp = next_stamp();
  held_nodes_.clear();
  uint32_t held_set = 0;
  for (size_t i = 0; i < request.held_count; i++) {
    uint32_t node = lock_for(request.held[i].lock);
    LockNode &n = locks_[node];
    if (n.held_stamp == stamp) {  // listed twice by the caller: count it once
      held_nodes_.push_back(0, mem_);
      continue;
    }
    n.held_stamp = stamp;
    n.held_write = request.held[i].mode == LockMode::kWrite;
    held_nodes_.push_back(node, mem_);
    if (!request.is_try) held_set = intern_held_set(held_set, node, n.held_write);
  }
  retain_held_set(held_set);  // keeps it alive while edges adopt it

  new_edges_.clear();
  for (uint32_t i = 0; i < held_nodes_.size(); i++) {
    uint32_t from = held_nodes_[i];
    if (!from) continue;
    uint32_t edge = find_edge(from, to);
    if (!edge) edge = add_edge(from, to);
    if (observe(edge, request, request.held[i], held_set)) new_edges_.push_back(edge, mem_);
  }
  release_held_set(held_set);

  for (uint32_t i = 0; i < new_edges_.size(); i++) search_cycle(new_edges_[i], sink);
}

GraphStats LockGraph::stats() const {
  GraphStats s = stats_;
  s.live_locks = locks_.live();
  s.edges = edges_.live();
  s.held_sets = held_sets_.live();
  return s;
}

}  // namespace interlock::deadlock
