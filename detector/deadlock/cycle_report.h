// The result of the lock-order analysis: a potential deadlock (lock-order cycle) as plain data.
//
// Contract: a CycleReport is a view into the LockGraph's scratch memory, valid only during the
// CycleSink::on_cycle call that delivers it; a sink that keeps anything copies it. Contexts are
// the caller's opaque 64-bit "where" values (the runtime's interned stack nodes), passed through
// untouched. Thread-safety: on_cycle runs inside the LockGraph call that found the cycle, i.e.
// under whatever serializes the graph; a sink must not call back into the graph.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_CYCLE_REPORT_H
#define INTERLOCK_DETECTOR_DEADLOCK_CYCLE_REPORT_H

#include <stddef.h>
#include <stdint.h>

namespace interlock::deadlock {

enum class LockMode : uint8_t { kRead, kWrite };

// One lock object's lifetime. `incarnation` is unique for the graph's life: a lock destroyed and
// re-created at the same address is a different incarnation.
struct LockRef {
  uint64_t address = 0;
  uint64_t incarnation = 0;
};

// "thread held `from` (taken at held_at) while it requested `to` (at requested_at)".
struct CycleEdge {
  uint32_t thread = 0;
  LockRef from;
  LockRef to;
  // Write if any blocking acquisition that made this edge held `from` / requested `to` in write
  // (exclusive) mode; these are the modes the cycle's blocking argument uses.
  LockMode from_mode = LockMode::kWrite;
  LockMode to_mode = LockMode::kWrite;
  uint64_t held_at = 0;
  uint64_t requested_at = 0;
  uint32_t observations = 0;          // acquisitions seen in this direction (from -> to)
  uint32_t reverse_observations = 0;  // acquisitions seen the other way (to -> from)
};

// Mutual-exclusion and no-preemption evidence for one lock of the cycle: edges[i].from is held by
// edges[i].thread in held_mode and requested by edges[i-1].thread in requested_mode; at least one
// of the two modes is kWrite, so the request must wait for the holder.
struct LockEvidence {
  LockRef lock;
  uint32_t holder_thread = 0;
  LockMode held_mode = LockMode::kWrite;
  uint32_t requester_thread = 0;
  LockMode requested_mode = LockMode::kWrite;
  // True if this lock was ever released by a thread that did not hold it (a lock used as a
  // semaphore): then another thread could break the wait and "no preemption" does not hold.
  bool released_by_non_holder = false;
};

// The four Coffman conditions, each with its concrete evidence.
struct CoffmanEvidence {
  // Mutual exclusion (and no preemption, per lock): locks[i] belongs to edges[i].from.
  const LockEvidence *locks = nullptr;
  size_t lock_count = 0;
  // Hold and wait: every CycleReport edge is one thread holding `from` while requesting `to`;
  // all edges came from blocking acquisitions (never a trylock).
  bool hold_and_wait = true;
  // No preemption: no lock of the cycle was ever released by a non-holder.
  bool no_preemption = true;
  // Circular wait: edges[i].to == edges[i+1].from and the last edge returns to edges[0].from,
  // with no gate lock common to all edges, and at least two distinct threads unless
  // CycleReport::single_thread.
  bool circular_wait = true;
};

// A global lock order that breaks the cycle: the rotation of the cycle's locks that the most
// observed acquisitions (over the whole graph, between these locks) already follow. Exactly one
// cycle edge goes against it: edges[edge_to_change], the acquisition to change.
struct LockOrderSuggestion {
  const LockRef *order = nullptr;  // acquire order[0] first
  size_t lock_count = 0;
  size_t edge_to_change = 0;         // index into CycleReport::edges
  uint64_t observations_following = 0;  // acquisitions between these locks that follow `order`
  uint64_t observations_against = 0;    // ... and those that go against it
};

struct CycleReport {
  // Stable identity: derived from the edges' (held_at, requested_at) contexts only, independent
  // of addresses, incarnations, threads and of where the cycle was entered.
  uint64_t key = 0;
  // edges[0] is the acquisition that closed the cycle.
  const CycleEdge *edges = nullptr;
  size_t edge_count = 0;
  CoffmanEvidence coffman;
  // Every edge came from one thread, which took the locks in both orders at different times:
  // the circular wait needs a second thread running the same code at the same time
  // (LockGraph::Options::report_single_thread).
  bool single_thread = false;
  LockOrderSuggestion suggested_order;
};

class CycleSink {
 public:
  virtual void on_cycle(const CycleReport &cycle) = 0;

 protected:
  ~CycleSink() = default;
};

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_CYCLE_REPORT_H
