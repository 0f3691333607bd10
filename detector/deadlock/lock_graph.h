// The lock-order graph: which locks were requested while which others were held, and the online
// search for cycles in it (potential deadlocks, reported before they happen).
//
// Contract
// - Events: on_request() before every lock call that may block (and every trylock), with the
//   requesting thread's currently held locks; on_acquired()/on_release() around the critical
//   section; on_create()/on_destroy() for the lock's lifetime. The CALLER keeps each thread's
//   held list (the runtime already does, for lock sets): the graph keeps no per-thread state, so
//   threads can come and go freely and there is no limit on locks held.
// - Edges: requesting B while holding A adds A -> B, for every held A. Each edge remembers its
//   first blocking witness (thread, where A was taken, where B was requested), a second thread
//   that made it if any, how often it was seen, and the locks ALWAYS held (in every blocking
//   observation) when it was made, for the gate-lock filter.
// - Not edges: requesting a lock the thread already holds (recursive re-lock, or a self-deadlock,
//   which is the wait-for analysis' business).
// - Trylock: a trylock edge is recorded (it counts for the suggested order) but a trylock never
//   blocks, so an edge seen only from trylocks is never part of a reported cycle.
// - Read locks: a thread requesting L blocks on L's holder unless both the holder's mode and the
//   requested mode are read (readers share). So a cycle is a potential deadlock only if, at every
//   lock on it, the edge leaving the lock held it in write mode or the edge entering it requested
//   it in write mode. This assumes reader-preferring rwlocks (glibc's default): with writer
//   preference a reader can also queue behind a waiting writer, a three-party case not modelled.
// - Reported cycles (once per key, see CycleReport::key) need: only blocking edges; at least two
//   distinct threads, unless Options::report_single_thread (then a cycle whose every edge came
//   from one thread is reported too, as such, when no two-thread path closes it; a two-thread
//   cycle over the same edges found later is the same bug and is not reported again); no gate lock, i.e. no lock held in every observation of every edge of the
//   cycle and held in write mode by at least one of them (a write-held gate keeps the cycle's
//   threads from being inside it together); the read rule above.
// - Lock identity: the address names the current incarnation; on_destroy() removes it and all
//   its edges, so a later lock at the same address starts with none (no false cycle).
//
// Cost: on_request is O(h) expected hash operations for h held locks; when it creates an edge
// that can block for the first time, a breadth-first search runs from the edge's target over the
// reachable part of the graph, in at most 32 states per lock (entry mode, other-thread seen,
// three gate candidates escaped): O(32 (V + E)) for the reachable V locks and E edges, capped by
// Options::max_search_states. Repeated acquisitions of known pairs never search. Memory is
// O(live locks + edges between live locks + distinct held sets).
//
// Thread-safety: none. The caller serializes every call (the runtime holds one lock around the
// graph); sinks are called synchronously from inside on_request.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_LOCK_GRAPH_H
#define INTERLOCK_DETECTOR_DEADLOCK_LOCK_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "detector/deadlock/cycle_report.h"
#include "detector/deadlock/graph_memory.h"
#include "detector/deadlock/growable_array.h"
#include "detector/deadlock/index_table.h"
#include "detector/deadlock/slot_pool.h"

namespace interlock::deadlock {

constexpr uint32_t kNoThread = 0xFFFFFFFFu;

// One entry of the caller's held-lock list, outermost (first acquired) first.
struct HeldLock {
  uint64_t lock = 0;         // address
  LockMode mode = LockMode::kWrite;
  uint64_t acquired_at = 0;  // context of the acquisition
};

struct LockRequest {
  uint32_t thread = 0;
  uint64_t lock = 0;
  LockMode mode = LockMode::kWrite;
  bool is_try = false;       // trylock / timedlock: cannot wait forever
  uint64_t requested_at = 0;  // context of the request
  const HeldLock *held = nullptr;  // the thread's held locks, not including this request
  size_t held_count = 0;
};

struct GraphStats {
  uint64_t live_locks = 0;
  uint64_t edges = 0;
  uint64_t held_sets = 0;            // interned held-set nodes alive
  uint64_t searches = 0;
  uint64_t search_states = 0;         // states visited over all searches
  uint64_t truncated_searches = 0;    // stopped at max_search_states
  uint64_t cycles_found = 0;          // before filters and deduplication
  uint64_t cycles_filtered = 0;       // dropped by a filter
  uint64_t cycles_reported = 0;       // delivered to the sink (distinct keys)
};

class LockGraph {
 public:
  struct Options {
    uint32_t max_search_states = 1u << 22;
    // Report cycles whose edges all came from one thread: that thread took the locks in both
    // orders, so two threads running its code can deadlock (CycleReport::single_thread).
    bool report_single_thread = false;
  };

  explicit LockGraph(GraphMemory &memory) : LockGraph(memory, Options()) {}
  LockGraph(GraphMemory &memory, Options options) : mem_(memory), options_(options) {}
  ~LockGraph();
  LockGraph(const LockGraph &) = delete;
  LockGraph &operator=(const LockGraph &) = delete;

  // A lock is (re)initialized at `lock`: any incarnation still known there is forgotten.
  void on_create(uint64_t lock);
  // The lock is gone (destroyed, or its memory freed): it and its edges leave the graph.
  void on_destroy(uint64_t lock);
  // Before a lock call that may block, or a trylock. New cycles go to `sink` (may be null).
  void on_request(const LockRequest &request, CycleSink *sink);
  // After a successful lock.
  void on_acquired(uint32_t thread, uint64_t lock, LockMode mode);
  // Before an unlock.
  void on_release(uint32_t thread, uint64_t lock);

  GraphStats stats() const;
  // Observations of `from` -> `to` (blocking and try), 0 if unknown; for tests and reports.
  uint32_t observations(uint64_t from, uint64_t to) const;

 private:
  struct Witness {
    uint32_t thread;
    uint64_t held_at;
    uint64_t requested_at;
  };
  struct Edge {
    uint32_t from, to;  // lock node indices
    uint32_t next_out, prev_out, next_in, prev_in;
    uint32_t gate;  // held-set node: locks held in every blocking observation (0: none, or try-only)
    uint32_t blocking_count;
    uint32_t try_count;
    uint8_t from_write;  // some blocking observation held `from` in write mode
    uint8_t to_write;    // some blocking observation requested `to` in write mode
    Witness first;       // first blocking witness (first try witness while there is none)
    Witness other;       // first blocking witness from another thread; thread == kNoThread if none
  };
  struct LockNode {
    uint64_t address;
    uint64_t incarnation;  // 0: free slot
    uint32_t out_head, in_head;
    uint32_t owner;        // write holder, kNoThread if none known
    uint8_t released_by_non_holder;
    // Scratch, valid while the matching stamp equals the current operation's stamp.
    uint32_t held_stamp;
    uint8_t held_write;
    uint32_t visit_stamp;
    uint32_t visited_states;
    uint32_t tag_stamp;
    uint32_t tag;
  };
  // A held set as a node of an interned trie: the set is the node plus its ancestors, outermost
  // lock at the root. Held sets of one thread share their prefixes, so recording the held set of
  // an acquisition costs one node however many locks are held.
  struct HeldSetNode {
    uint32_t parent;
    uint32_t lock;  // node index, valid while its incarnation matches
    uint64_t incarnation;
    uint32_t refs;  // edges using it as their gate + children
    uint8_t write;
    uint32_t memo_stamp;
    uint8_t memo_bits;
  };
  struct SearchStep {
    uint32_t node;
    uint32_t state;
    uint32_t edge;    // edge that led here
    uint32_t parent;  // index of the previous step, or kNoStep
  };

  // graph maintenance (lock_graph.cpp)
  uint32_t find_lock(uint64_t address) const;
  uint32_t lock_for(uint64_t address);
  void remove_lock(uint32_t node);
  uint32_t find_edge(uint32_t from, uint32_t to) const;
  uint32_t add_edge(uint32_t from, uint32_t to);
  void remove_edge(uint32_t edge);
  uint32_t intern_held_set(uint32_t parent, uint32_t lock, bool write);
  void retain_held_set(uint32_t node);
  void release_held_set(uint32_t node);
  uint32_t intersect_held_sets(uint32_t gate);
  bool observe(uint32_t edge, const LockRequest &request, const HeldLock &held, uint32_t held_set);
  uint32_t next_stamp();

  // cycle search and filters (cycle_search.cpp)
  void search_cycle(uint32_t closing_edge, CycleSink *sink);
  uint8_t gate_bits(uint32_t held_set, const uint64_t *candidates, uint32_t count);
  bool extract_simple_cycle(uint32_t closing_edge, uint32_t last_step);
  bool passes_filters();
  uint64_t cycle_key() const;
  uint64_t cycle_edges_key() const;
  bool single_thread_cycle() const;

  // the report (cycle_result.cpp)
  void deliver(CycleSink *sink);
  void suggest_order(CycleReport &report);

  GraphMemory &mem_;
  Options options_;
  SlotPool<LockNode> locks_;
  SlotPool<Edge> edges_;
  SlotPool<HeldSetNode> held_sets_;
  IndexTable lock_by_address_;
  IndexTable edge_by_pair_;
  IndexTable held_set_by_content_;
  IndexTable reported_by_key_;
  GrowableArray<uint64_t> reported_keys_;  // reported_by_key_ indexes this, 1-based
  uint64_t next_incarnation_ = 1;
  uint32_t stamp_ = 0;

  // scratch, reused by every operation
  GrowableArray<uint32_t> held_nodes_;
  GrowableArray<uint32_t> new_edges_;
  GrowableArray<uint32_t> chain_;
  GrowableArray<SearchStep> steps_;
  GrowableArray<uint32_t> cycle_edges_;  // the cycle being judged, closing edge first
  GrowableArray<uint8_t> chosen_other_;  // per cycle edge: report the `other` witness
  GrowableArray<CycleEdge> report_edges_;
  GrowableArray<LockEvidence> report_locks_;
  GrowableArray<LockRef> report_order_;
  GrowableArray<int64_t> order_score_;

  GraphStats stats_;
};

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_LOCK_GRAPH_H
