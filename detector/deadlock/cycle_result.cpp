// Turning a cycle that passed the filters into a CycleReport: deduplication by key, the
// Coffman evidence and the suggested global lock order.
#include "detector/deadlock/lock_graph.h"

namespace interlock::deadlock {
namespace {

LockMode mode_of(uint8_t write) { return write ? LockMode::kWrite : LockMode::kRead; }

}  // namespace

void LockGraph::deliver(CycleSink *sink) {
  auto seen = [&](uint64_t key) {
    return reported_by_key_.find(hash32(key),
                                 [&](uint32_t i) { return reported_keys_[i - 1] == key; }) != 0;
  };
  auto remember = [&](uint64_t key) {
    reported_keys_.push_back(key, mem_);
    reported_by_key_.insert(hash32(key), reported_keys_.size(), mem_);
  };
  const uint64_t key = cycle_key();
  if (seen(key)) return;
  // A single-thread cycle also claims its edges, so the same cycle is not reported again when a
  // second thread later makes one of them (edge keys live in the same table as witness keys; a
  // 64-bit collision between the two is as unlikely as between two witness keys).
  const uint64_t edges_key = cycle_edges_key();
  if (seen(edges_key)) return;
  const bool single_thread = single_thread_cycle();
  remember(key);
  if (single_thread) remember(edges_key);
  stats_.cycles_reported++;

  const uint32_t n = cycle_edges_.size();
  report_edges_.resize(n, mem_);
  report_locks_.resize(n, mem_);
  for (uint32_t i = 0; i < n; i++) {
    const Edge &e = edges_[cycle_edges_[i]];
    const Witness &w = chosen_other_[i] ? e.other : e.first;
    CycleEdge &out = report_edges_[i];
    out.thread = w.thread;
    out.from = LockRef{locks_[e.from].address, locks_[e.from].incarnation};
    out.to = LockRef{locks_[e.to].address, locks_[e.to].incarnation};
    out.from_mode = mode_of(e.from_write);
    out.to_mode = mode_of(e.to_write);
    out.held_at = w.held_at;
    out.requested_at = w.requested_at;
    uint64_t seen = uint64_t(e.blocking_count) + e.try_count;
    out.observations = seen > 0xFFFFFFFFu ? 0xFFFFFFFFu : uint32_t(seen);
    uint32_t reverse = find_edge(e.to, e.from);
    uint64_t back = reverse ? uint64_t(edges_[reverse].blocking_count) + edges_[reverse].try_count : 0;
    out.reverse_observations = back > 0xFFFFFFFFu ? 0xFFFFFFFFu : uint32_t(back);
  }

  CycleReport report;
  report.key = key;
  report.edges = report_edges_.data();
  report.edge_count = n;
  bool no_preemption = true;
  for (uint32_t i = 0; i < n; i++) {
    const CycleEdge &out = report_edges_[i];
    const CycleEdge &in = report_edges_[(i + n - 1) % n];
    LockEvidence &lock = report_locks_[i];
    lock.lock = out.from;
    lock.holder_thread = out.thread;
    lock.held_mode = out.from_mode;
    lock.requester_thread = in.thread;
    lock.requested_mode = in.to_mode;
    lock.released_by_non_holder = locks_[edges_[cycle_edges_[i]].from].released_by_non_holder != 0;
    if (lock.released_by_non_holder) no_preemption = false;
  }
  report.coffman.locks = report_locks_.data();
  report.coffman.lock_count = n;
  report.coffman.hold_and_wait = true;  // every edge is a blocking hold-while-request
  report.coffman.no_preemption = no_preemption;
  report.coffman.circular_wait = true;  // the filters passed
  report.single_thread = single_thread;
  suggest_order(report);
  if (sink) sink->on_cycle(report);
}

// Every rotation of the cycle is a candidate order (start at lock s, go round): it agrees with
// all cycle edges but the one entering lock s. Each observed edge x -> y between two cycle locks
// (cycle edge or not) agrees with the rotations that put x before y, a circular range of
// starting points, so a difference array scores all rotations in O(n + edges among them).
void LockGraph::suggest_order(CycleReport &report) {
  const uint32_t n = cycle_edges_.size();
  const uint32_t stamp = next_stamp();
  for (uint32_t i = 0; i < n; i++) {
    LockNode &lock = locks_[edges_[cycle_edges_[i]].from];
    lock.tag_stamp = stamp;
    lock.tag = i;
  }
  order_score_.resize(n + 1, mem_);
  for (uint32_t i = 0; i <= n; i++) order_score_[i] = 0;
  uint64_t total = 0;
  auto add_range = [&](uint32_t first, uint32_t last, int64_t weight) {  // inclusive, first <= last
    order_score_[first] += weight;
    order_score_[last + 1] -= weight;
  };
  for (uint32_t i = 0; i < n; i++) {
    uint32_t x = edges_[cycle_edges_[i]].from;
    for (uint32_t f = locks_[x].out_head; f; f = edges_[f].next_out) {
      const LockNode &y = locks_[edges_[f].to];
      if (y.tag_stamp != stamp) continue;
      int64_t weight = int64_t(edges_[f].blocking_count) + edges_[f].try_count;
      total += uint64_t(weight);
      uint32_t px = i, py = y.tag;
      // x precedes y when the start s lies in the circular range (py, px].
      if (py < px) {
        add_range(py + 1, px, weight);
      } else {
        if (py + 1 <= n - 1) add_range(py + 1, n - 1, weight);
        add_range(0, px, weight);
      }
    }
  }
  int64_t running = 0;
  uint32_t best = 0;
  int64_t best_score = -1;
  bool best_descending = false;
  uint64_t best_changed_count = 0;
  for (uint32_t s = 0; s < n; s++) {
    running += order_score_[s];
    const Edge &against = edges_[cycle_edges_[(s + n - 1) % n]];
    // Ties: prefer changing an edge that goes from a newer lock to an older one (so the order
    // follows creation, as in "fork i before fork i+1"), then the less observed edge.
    bool descending = locks_[against.from].incarnation > locks_[against.to].incarnation;
    uint64_t changed_count = uint64_t(against.blocking_count) + against.try_count;
    bool better = running > best_score ||
                  (running == best_score && descending && !best_descending) ||
                  (running == best_score && descending == best_descending &&
                   changed_count < best_changed_count);
    if (better) {
      best = s;
      best_score = running;
      best_descending = descending;
      best_changed_count = changed_count;
    }
  }
  report_order_.resize(n, mem_);
  for (uint32_t k = 0; k < n; k++) report_order_[k] = report_edges_[(best + k) % n].from;
  report.suggested_order.order = report_order_.data();
  report.suggested_order.lock_count = n;
  report.suggested_order.edge_to_change = (best + n - 1) % n;
  report.suggested_order.observations_following = uint64_t(best_score);
  report.suggested_order.observations_against = total - uint64_t(best_score);
}

}  // namespace interlock::deadlock
