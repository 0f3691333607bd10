// Online cycle search: when an edge becomes able to close a cycle, a breadth-first search from
// its target looks for a way back to its source that a real deadlock could take, then the
// candidate is judged by the filters and deduplicated by key.
//
// Search states. The filters are properties of a whole path, so the search carries them:
//   bit 0     the lock was entered by a write request (else only a write-held exit can block)
//   bit 1     the path has an edge made by a thread other than the closing edge's
//   bits 2-4  the path escapes gate candidate i (has an edge not made while holding it)
// The gate candidates are the (at most 3) outermost locks the closing edge always held in write
// mode: a gate must be held by every edge, the closing one included. A state dominated by one
// already visited at the same lock (a superset of its bits) is not explored again.
#include "detector/deadlock/lock_graph.h"

namespace interlock::deadlock {
namespace {

constexpr uint32_t kNoStep = 0xFFFFFFFFu;
constexpr uint32_t kEnteredWrite = 1u << 0;
constexpr uint32_t kOtherThread = 1u << 1;
constexpr uint32_t kEscapeShift = 2;
constexpr uint32_t kMaxGateCandidates = 3;

// True if some state in `visited` (a bit per state) has every bit of `state`.
bool dominated(uint32_t visited, uint32_t state) {
  while (visited) {
    uint32_t t = uint32_t(__builtin_ctz(visited));
    if ((t & state) == state) return true;
    visited &= visited - 1;
  }
  return false;
}

uint64_t rotate_left(uint64_t x, unsigned k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

// Bit i set if the held set contains candidate i (by incarnation), memoized per search.
uint8_t LockGraph::gate_bits(uint32_t held_set, const uint64_t *candidates, uint32_t count) {
  chain_.clear();
  uint32_t n = held_set;
  while (n && held_sets_[n].memo_stamp != stamp_) {
    chain_.push_back(n, mem_);
    n = held_sets_[n].parent;
  }
  uint8_t bits = n ? held_sets_[n].memo_bits : 0;
  for (uint32_t i = chain_.size(); i-- > 0;) {
    HeldSetNode &node = held_sets_[chain_[i]];
    for (uint32_t c = 0; c < count; c++)
      if (node.incarnation == candidates[c]) bits |= uint8_t(1u << c);
    node.memo_stamp = stamp_;
    node.memo_bits = bits;
  }
  return bits;
}

void LockGraph::search_cycle(uint32_t closing_edge, CycleSink *sink) {
  stats_.searches++;
  const Edge closing = edges_[closing_edge];
  const uint32_t source = closing.from;
  // Most new edges point at a lock with no way out yet (the newest lock of a nesting): skip the
  // set-up below, which costs as much as the closing edge's held set is deep.
  uint32_t way_out = locks_[closing.to].out_head;
  while (way_out && edges_[way_out].blocking_count == 0) way_out = edges_[way_out].next_out;
  if (!way_out) return;

  uint64_t candidates[kMaxGateCandidates];
  uint32_t candidate_count = 0;
  chain_.clear();
  for (uint32_t n = closing.gate; n; n = held_sets_[n].parent) chain_.push_back(n, mem_);
  for (uint32_t i = chain_.size(); i-- > 0 && candidate_count < kMaxGateCandidates;) {
    const HeldSetNode &entry = held_sets_[chain_[i]];
    if (entry.write && entry.lock != source) candidates[candidate_count++] = entry.incarnation;
  }
  const uint32_t all_escaped = (1u << candidate_count) - 1;

  const uint32_t stamp = next_stamp();
  steps_.clear();
  uint32_t start_state = closing.to_write ? kEnteredWrite : 0;
  if (closing.other.thread != kNoThread) start_state |= kOtherThread;
  steps_.push_back(SearchStep{closing.to, start_state, closing_edge, kNoStep}, mem_);
  locks_[closing.to].visit_stamp = stamp;
  locks_[closing.to].visited_states = 1u << start_state;

  // A path back whose edges all came from the closing edge's thread: kept as a fallback while the
  // search looks on for one another thread took part in (report_single_thread only).
  uint32_t single_thread_step = kNoStep;
  auto judge = [&](uint32_t last_step) {
    if (!extract_simple_cycle(closing_edge, last_step) || !passes_filters()) {
      stats_.cycles_filtered++;
      return;
    }
    deliver(sink);
  };

  for (uint32_t head = 0; head < steps_.size(); head++) {
    const SearchStep step = steps_[head];
    for (uint32_t f = locks_[step.node].out_head; f; f = edges_[f].next_out) {
      const Edge &edge = edges_[f];
      if (edge.blocking_count == 0) continue;  // trylock-only: never waits
      if (!(step.state & kEnteredWrite) && !edge.from_write) continue;  // readers share
      uint32_t state = (step.state & ~kEnteredWrite) | (edge.to_write ? kEnteredWrite : 0);
      if (edge.first.thread != closing.first.thread || edge.other.thread != kNoThread)
        state |= kOtherThread;
      if (candidate_count) {
        uint32_t held = gate_bits(edge.gate, candidates, candidate_count);
        state |= (~held & all_escaped) << kEscapeShift;
      }
      if (edge.to == source) {
        bool source_blocks = (state & kEnteredWrite) || closing.from_write;
        bool escaped = ((state >> kEscapeShift) & all_escaped) == all_escaped;
        if (source_blocks && (state & kOtherThread) && escaped) {
          stats_.cycles_found++;
          steps_.push_back(SearchStep{source, state, f, head}, mem_);
          stats_.search_states += steps_.size();
          judge(steps_.size() - 1);
          return;
        }
        if (source_blocks && escaped && options_.report_single_thread &&
            single_thread_step == kNoStep) {
          steps_.push_back(SearchStep{source, state, f, head}, mem_);
          single_thread_step = steps_.size() - 1;
        }
        continue;
      }
      LockNode &next = locks_[edge.to];
      if (next.visit_stamp != stamp) {
        next.visit_stamp = stamp;
        next.visited_states = 0;
      }
      if (dominated(next.visited_states, state)) continue;
      if (steps_.size() >= options_.max_search_states) {
        stats_.truncated_searches++;
        stats_.search_states += steps_.size();
        if (single_thread_step != kNoStep) {
          stats_.cycles_found++;
          judge(single_thread_step);
        }
        return;
      }
      next.visited_states |= 1u << state;
      steps_.push_back(SearchStep{edge.to, state, f, head}, mem_);
    }
  }
  stats_.search_states += steps_.size();
  if (single_thread_step != kNoStep) {
    stats_.cycles_found++;
    judge(single_thread_step);
  }
}

// Turns the search's path into cycle_edges_ (closing edge first) and cuts out any loop where
// the path passed the same lock twice (possible because states, not locks, were unique).
bool LockGraph::extract_simple_cycle(uint32_t closing_edge, uint32_t last_step) {
  chain_.clear();
  for (uint32_t s = last_step; s != kNoStep; s = steps_[s].parent) chain_.push_back(steps_[s].edge, mem_);
  // chain_ is last edge first; its final entry is the closing edge.
  const uint32_t stamp = next_stamp();
  cycle_edges_.clear();
  uint32_t source = edges_[closing_edge].from;
  locks_[source].tag_stamp = stamp;
  locks_[source].tag = 0;
  for (uint32_t i = chain_.size(); i-- > 0;) {
    uint32_t e = chain_[i];
    cycle_edges_.push_back(e, mem_);
    uint32_t arrived = edges_[e].to;
    if (arrived == source) break;
    LockNode &n = locks_[arrived];
    bool seen = n.tag_stamp == stamp && n.tag < cycle_edges_.size() && n.tag > 0 &&
                edges_[cycle_edges_[n.tag - 1]].to == arrived;
    if (seen) {
      cycle_edges_.resize(n.tag, mem_);
    } else {
      n.tag_stamp = stamp;
      n.tag = cycle_edges_.size();
    }
  }
  return cycle_edges_.size() >= 2 && edges_[cycle_edges_.back()].to == source;
}

// The authoritative filters on the final cycle; also picks which witness each edge reports.
bool LockGraph::passes_filters() {
  const uint32_t n = cycle_edges_.size();
  chosen_other_.resize(n, mem_);
  for (uint32_t i = 0; i < n; i++) chosen_other_[i] = 0;

  // At least two threads: else one thread's order, which it cannot deadlock with alone.
  bool distinct = false;
  uint32_t first_thread = edges_[cycle_edges_[0]].first.thread;
  for (uint32_t i = 1; i < n && !distinct; i++)
    distinct = edges_[cycle_edges_[i]].first.thread != first_thread;
  for (uint32_t i = 0; i < n && !distinct; i++) {
    if (edges_[cycle_edges_[i]].other.thread != kNoThread) {
      chosen_other_[i] = 1;
      distinct = true;
    }
  }
  if (!distinct && !options_.report_single_thread) return false;

  // Every lock must make its requester wait: not read-held and read-requested.
  for (uint32_t i = 0; i < n; i++) {
    const Edge &in = edges_[cycle_edges_[(i + n - 1) % n]];
    const Edge &out = edges_[cycle_edges_[i]];
    if (!in.to_write && !out.from_write) return false;
  }

  // No gate: no lock held (still the same incarnation) by every edge, write-held by one.
  const uint32_t stamp = next_stamp();
  constexpr uint32_t kWriteSeen = 1u << 31;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t gate = edges_[cycle_edges_[i]].gate;
    if (!gate) return true;
    for (uint32_t h = gate; h; h = held_sets_[h].parent) {
      const HeldSetNode &entry = held_sets_[h];
      LockNode &lock = locks_[entry.lock];
      if (lock.incarnation != entry.incarnation) continue;
      if (lock.tag_stamp != stamp) {
        if (i != 0) continue;  // missing from an earlier edge: cannot be common
        lock.tag_stamp = stamp;
        lock.tag = 0;
      }
      if ((lock.tag & ~kWriteSeen) != i) continue;  // missing from some earlier edge
      lock.tag = (i + 1) | (lock.tag & kWriteSeen) | (entry.write ? kWriteSeen : 0);
      if (i == n - 1 && (lock.tag & kWriteSeen)) return false;  // gated
    }
  }
  return true;
}

// True when every edge of the cycle being judged reports a witness of one thread.
bool LockGraph::single_thread_cycle() const {
  const uint32_t n = cycle_edges_.size();
  auto thread_of = [&](uint32_t i) {
    const Edge &e = edges_[cycle_edges_[i]];
    return chosen_other_[i] ? e.other.thread : e.first.thread;
  };
  for (uint32_t i = 1; i < n; i++)
    if (thread_of(i) != thread_of(0)) return false;
  return true;
}

// The cycle's identity as a set of edges between lock incarnations, whoever made them: a
// two-thread cycle found after a single-thread one over the same edges is the same bug.
uint64_t LockGraph::cycle_edges_key() const {
  uint64_t sum = 0;
  const uint32_t n = cycle_edges_.size();
  for (uint32_t i = 0; i < n; i++) {
    const Edge &e = edges_[cycle_edges_[i]];
    sum += mix64(mix64(locks_[e.from].incarnation) ^ rotate_left(locks_[e.to].incarnation, 31));
  }
  return mix64(sum ^ 0x243F6A8885A308D3ull ^ n);
}

// Order- and rotation-independent: a function of the multiset of the edges' context pairs.
uint64_t LockGraph::cycle_key() const {
  uint64_t sum = 0, mixed = 0;
  const uint32_t n = cycle_edges_.size();
  for (uint32_t i = 0; i < n; i++) {
    const Edge &e = edges_[cycle_edges_[i]];
    const Witness &w = chosen_other_[i] ? e.other : e.first;
    uint64_t h = mix64(mix64(w.held_at) ^ rotate_left(w.requested_at, 29) ^ 0x5bd1e995ull);
    sum += h;
    mixed ^= mix64(h + 0x9E3779B97F4A7C15ull);
  }
  return mix64(sum ^ rotate_left(mixed, 32) ^ n);
}

}  // namespace interlock::deadlock
