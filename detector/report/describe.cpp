#include "detector/report/describe.h"

#include <string.h>

#include "detector/report/key.h"

namespace interlock::report {

const ThreadInfo *find_thread(ThreadList threads, uint32_t id) {
  if (threads.threads == nullptr) return nullptr;
  for (size_t i = 0; i < threads.count; ++i) {
    if (threads.threads[i].id == id) return &threads.threads[i];
  }
  return nullptr;
}

void put_thread_name(Sink &sink, ThreadList threads, uint32_t id) {
  const ThreadInfo *info = find_thread(threads, id);
  if (info != nullptr && info->name != nullptr && info->name[0] != '\0') {
    sink.put(info->name);
  } else if (id == 0) {
    sink.put("main");
  } else {
    sink.put_char('T');
    sink.put_uint(id);
  }
}

void put_file(Sink &sink, const MemoryInfo &memory) {
  if (memory.name != nullptr) {
    sink.put("file '");
    sink.put(memory.name);
    sink.put_char('\'');
  } else {
    sink.put("file on inode ");
    sink.put_uint(memory.inode);
  }
  sink.put(" at byte ");
  sink.put_uint(memory.offset);
}

void put_thread_phrase(Sink &sink, ThreadList threads, uint32_t id) {
  const ThreadInfo *info = find_thread(threads, id);
  bool is_main = info != nullptr ? info->created_by < 0 : id == 0;
  if (is_main) {
    sink.put("main thread");
    return;
  }
  sink.put("thread ");
  put_thread_name(sink, threads, id);
}

namespace {

void put_location(Sink &sink, const Frame &frame, const char *file, bool with_column) {
  if (frame.file == nullptr) {
    sink.put(frame.function != nullptr ? frame.function : "??");
    return;
  }
  sink.put(file);
  if (frame.line == 0) return;
  sink.put_char(':');
  sink.put_uint(frame.line);
  if (frame.column == 0 || !with_column) return;
  sink.put_char(':');
  sink.put_uint(frame.column);
}

}  // namespace

void put_short_location(Sink &sink, const Frame &frame) {
  put_location(sink, frame, file_base_name(frame.file), /*with_column=*/true);
}

void put_full_location(Sink &sink, const Frame &frame) {
  put_location(sink, frame, frame.file, /*with_column=*/true);
}

void put_line_of(Sink &sink, const Stack &stack) {
  const Frame *frame = user_frame(stack);
  if (frame == nullptr) {
    sink.put("??");
    return;
  }
  put_location(sink, *frame, file_base_name(frame->file), /*with_column=*/false);
}

bool in_system_header(const Frame &frame) {
  return frame.file != nullptr &&
         (strncmp(frame.file, "/usr/include/", 13) == 0 || strncmp(frame.file, "/usr/lib/", 9) == 0);
}

const Frame *user_frame(const Stack &stack) {
  if (stack.count == 0 || stack.frames == nullptr) return nullptr;
  for (size_t i = 0; i < stack.count; i++)
    if (!in_system_header(stack.frames[i])) return &stack.frames[i];
  return &stack.frames[0];
}

// ---- real deadlocks ----

bool is_lock_wait(WaitKind what) { return what == WaitKind::kLock || what == WaitKind::kReadLock; }

bool waits_for_lock_holder(const BlockedThread &blocked) {
  return is_lock_wait(blocked.what) || (blocked.what == WaitKind::kFileLock && blocked.waits_for >= 0);
}

bool is_process_cycle(const Deadlock &deadlock) {
  for (size_t i = 0; deadlock.blocked != nullptr && i < deadlock.blocked_count; ++i)
    if (deadlock.blocked[i].process_cycle) return true;
  return false;
}

void put_wait(Sink &sink, ThreadList threads, const BlockedThread &blocked) {
  switch (blocked.what) {
    case WaitKind::kLock:
    case WaitKind::kReadLock:
      sink.put(blocked.object.is_rwlock ? "locking rwlock " : "locking mutex ");
      put_lock_info_name(sink, blocked.object);
      if (blocked.object.is_rwlock)
        sink.put(blocked.what == WaitKind::kReadLock ? " for reading" : " for writing");
      return;
    case WaitKind::kJoin:
      sink.put("joining ");
      if (blocked.waits_for >= 0) {
        put_thread_phrase(sink, threads, static_cast<uint32_t>(blocked.waits_for));
      } else {
        sink.put("a thread");
      }
      return;
    case WaitKind::kConditionVariable:
      sink.put("waiting on condition variable ");
      put_lock_info_name(sink, blocked.object);
      return;
    case WaitKind::kSemaphore:
      sink.put("waiting on semaphore ");
      put_lock_info_name(sink, blocked.object);
      return;
    case WaitKind::kBarrier:
      sink.put("waiting at barrier ");
      put_lock_info_name(sink, blocked.object);
      return;
    case WaitKind::kFutex:
      // The futex word is the primitive's own counter or state: named when it is a global (a
      // std::latch, a semaphore, an atomic the program declared), an address otherwise.
      sink.put("in a futex wait (std::latch, std::barrier, semaphore, atomic wait or future) on ");
      put_lock_info_name(sink, blocked.object);
      return;
    case WaitKind::kStaticInit:
      sink.put("waiting for ");
      if (blocked.waits_for >= 0) {
        put_thread_phrase(sink, threads, static_cast<uint32_t>(blocked.waits_for));
      } else {
        sink.put("another thread");
      }
      sink.put(" to initialize the static local guarded by ");
      put_lock_info_name(sink, blocked.object);
      return;
    case WaitKind::kFileLock:
      sink.put(blocked.object.is_rwlock ? "taking shared file lock " : "taking file lock ");
      put_lock_info_name(sink, blocked.object);
      return;
  }
}

bool put_wait_holder(Sink &sink, ThreadList threads, const BlockedThread &blocked) {
  if (!waits_for_lock_holder(blocked)) return false;
  if (blocked.waits_for < 0) {
    sink.put("whose holder has exited or is unknown");
  } else {
    sink.put("held by ");
    put_thread_phrase(sink, threads, static_cast<uint32_t>(blocked.waits_for));
  }
  return true;
}

// ---- lock-order cycles ----

namespace {

bool valid_lock(const LockOrderCycle &cycle, size_t lock) {
  return cycle.locks != nullptr && lock < cycle.lock_count;
}

bool valid_edges(const LockOrderCycle &cycle) {
  return cycle.edges != nullptr && cycle.edge_count > 0;
}

// The edge whose thread requested the lock that `edge` holds: by the model's invariant the
// previous one, but found by search so that a malformed cycle still yields sensible words.
const LockOrderEdge *requester_of_held(const LockOrderCycle &cycle, size_t edge) {
  const size_t count = cycle.edge_count;
  const LockOrderEdge &previous = cycle.edges[(edge + count - 1) % count];
  if (previous.requested == cycle.edges[edge].held) return &previous;
  for (size_t i = 0; i < count; ++i) {
    if (cycle.edges[i].requested == cycle.edges[edge].held) return &cycle.edges[i];
  }
  return nullptr;
}

// " for reading" / " for writing" after "held" or "requested" when the lock is a rwlock.
void put_mode(Sink &sink, const LockOrderCycle &cycle, size_t lock, bool for_read) {
  if (!valid_lock(cycle, lock) || !cycle.locks[lock].is_rwlock) return;
  sink.put(for_read ? " for reading" : " for writing");
}

void put_separator(Sink &sink, size_t index) {
  if (index > 0) sink.put("; ");
}

void put_mutual_exclusion(Sink &sink, const LockOrderCycle &cycle) {
  const bool holds = coffman_condition_holds(cycle, CoffmanCondition::kMutualExclusion);
  sink.put(holds ? "each lock admits one holder at a time: "
                 : "a lock of the cycle is shared: ");
  size_t written = 0;
  for (size_t e = 0; e < cycle.edge_count; ++e) {
    const LockOrderEdge &holder = cycle.edges[e];
    const LockOrderEdge *requester = requester_of_held(cycle, e);
    if (requester == nullptr) continue;
    const bool shared = holder.held_for_read && requester->requested_for_read;
    if (!holds && !shared) continue;  // when it fails, name only the shared locks
    put_separator(sink, written++);
    put_lock_name(sink, cycle, holder.held);
    sink.put(" held");
    put_mode(sink, cycle, holder.held, holder.held_for_read);
    sink.put(" by ");
    put_thread_name(sink, cycle, holder.thread);
    if (shared) {
      sink.put(" and requested for reading by ");
      put_thread_name(sink, cycle, requester->thread);
      sink.put(" (");
      put_line_of(sink, requester->requested_at);
      sink.put("): readers share it, so that request need not wait");
      continue;
    }
    sink.put(" (since ");
    put_line_of(sink, holder.held_at);
    sink.put(") makes ");
    // One thread's own two orders: the thread that would wait is a second one running its code.
    if (requester->thread == holder.thread) sink.put("a second thread running ");
    put_thread_name(sink, cycle, requester->thread);
    if (requester->thread == holder.thread) sink.put("'s code");
    if (valid_lock(cycle, holder.held) && cycle.locks[holder.held].is_rwlock) {
      sink.put(requester->requested_for_read ? "'s read request" : "'s write request");
    }
    sink.put(" wait at ");
    put_line_of(sink, requester->requested_at);
  }
}

void put_hold_and_wait(Sink &sink, const LockOrderCycle &cycle) {
  sink.put("each thread holds a lock while it requests the next: ");
  for (size_t e = 0; e < cycle.edge_count; ++e) {
    const LockOrderEdge &edge = cycle.edges[e];
    put_separator(sink, e);
    put_thread_name(sink, cycle, edge.thread);
    sink.put(" holds ");
    put_lock_name(sink, cycle, edge.held);
    sink.put(" (since ");
    put_line_of(sink, edge.held_at);
    sink.put(") while requesting ");
    put_lock_name(sink, cycle, edge.requested);
    sink.put(" at ");
    put_line_of(sink, edge.requested_at);
  }
  sink.put("; every request blocks (no trylock edge)");
}

void put_no_preemption(Sink &sink, const LockOrderCycle &cycle) {
  if (!cycle.no_preemption) {
    sink.put("a lock of the cycle was released by a thread that did not hold it (it is used like "
             "a semaphore), so another thread could end the wait");
    return;
  }
  sink.put("no lock of the cycle was ever released by a thread that did not hold it, so only "
           "its holder can end a wait: ");
  for (size_t e = 0; e < cycle.edge_count; ++e) {
    const LockOrderEdge &edge = cycle.edges[e];
    put_separator(sink, e);
    put_lock_name(sink, cycle, edge.held);
    sink.put(" only by ");
    put_thread_name(sink, cycle, edge.thread);
  }
}

void put_circular_wait(Sink &sink, const LockOrderCycle &cycle) {
  if (!coffman_condition_holds(cycle, CoffmanCondition::kCircularWait)) {
    sink.put("the edges do not close a chain: some edge requests a lock the next edge does not "
             "hold");
    return;
  }
  if (distinct_edge_threads(cycle) == 1) {
    put_thread_name(sink, cycle, cycle.edges[0].thread);
    sink.put(" alone took these locks in every order of the cycle, at different times (");
    for (size_t e = 0; e < cycle.edge_count; ++e) {
      const LockOrderEdge &edge = cycle.edges[e];
      put_separator(sink, e);
      put_lock_name(sink, cycle, edge.requested);
      sink.put(" while holding ");
      put_lock_name(sink, cycle, edge.held);
      sink.put(" at ");
      put_line_of(sink, edge.requested_at);
    }
    sink.put("); a thread cannot wait for itself across them, so the circular wait needs a second "
             "thread running the same code at the same time");
    return;
  }
  for (size_t e = 0; e < cycle.edge_count; ++e) {
    const LockOrderEdge &edge = cycle.edges[e];
    const LockOrderEdge &next = cycle.edges[(e + 1) % cycle.edge_count];
    if (e == 0) {
      put_thread_name(sink, cycle, edge.thread);
      sink.put(" waits for ");
    } else {
      sink.put(", which waits for ");
    }
    put_lock_name(sink, cycle, edge.requested);
    sink.put(" held by ");
    put_thread_name(sink, cycle, next.thread);
  }
}

bool valid_order(const LockOrderCycle &cycle) {
  if (cycle.suggested_order == nullptr || cycle.lock_count == 0) return false;
  for (size_t i = 0; i < cycle.lock_count; ++i) {
    if (cycle.suggested_order[i] >= cycle.lock_count) return false;
  }
  return true;
}

}  // namespace

void put_lock_name(Sink &sink, const LockOrderCycle &cycle, size_t lock) {
  if (!valid_lock(cycle, lock)) {
    sink.put("??");
    return;
  }
  put_lock_info_name(sink, cycle.locks[lock]);
}

void put_lock_info_name(Sink &sink, const LockInfo &lock) {
  if (lock.name != nullptr && lock.name[0] != '\0') {
    sink.put_char('\'');
    sink.put(lock.name);
    sink.put_char('\'');
  } else {
    sink.put_hex(lock.address);
  }
}

const char *lock_type_name(const LockOrderCycle &cycle, size_t lock) {
  if (valid_lock(cycle, lock) && cycle.locks[lock].is_file_lock) return "file lock";
  return valid_lock(cycle, lock) && cycle.locks[lock].is_rwlock ? "rwlock" : "mutex";
}

size_t distinct_edge_threads(const LockOrderCycle &cycle) {
  if (!valid_edges(cycle)) return 0;
  size_t distinct = 0;
  for (size_t i = 0; i < cycle.edge_count; ++i) {
    bool seen_before = false;
    for (size_t j = 0; j < i && !seen_before; ++j)
      seen_before = cycle.edges[j].thread == cycle.edges[i].thread;
    if (!seen_before) ++distinct;
  }
  return distinct;
}

const char *coffman_condition_title(CoffmanCondition condition) {
  switch (condition) {
    case CoffmanCondition::kMutualExclusion: return "mutual exclusion";
    case CoffmanCondition::kHoldAndWait: return "hold and wait";
    case CoffmanCondition::kNoPreemption: return "no preemption";
    case CoffmanCondition::kCircularWait: return "circular wait";
  }
  return "??";
}

const char *coffman_condition_key(CoffmanCondition condition) {
  switch (condition) {
    case CoffmanCondition::kMutualExclusion: return "mutual_exclusion";
    case CoffmanCondition::kHoldAndWait: return "hold_and_wait";
    case CoffmanCondition::kNoPreemption: return "no_preemption";
    case CoffmanCondition::kCircularWait: return "circular_wait";
  }
  return "unknown";
}

bool coffman_condition_holds(const LockOrderCycle &cycle, CoffmanCondition condition) {
  if (!valid_edges(cycle)) return false;
  switch (condition) {
    case CoffmanCondition::kMutualExclusion:
      for (size_t e = 0; e < cycle.edge_count; ++e) {
        const LockOrderEdge *requester = requester_of_held(cycle, e);
        if (requester != nullptr && cycle.edges[e].held_for_read && requester->requested_for_read)
          return false;
      }
      return true;
    case CoffmanCondition::kHoldAndWait:
      return true;
    case CoffmanCondition::kNoPreemption:
      return cycle.no_preemption;
    case CoffmanCondition::kCircularWait:
      if (cycle.edge_count < 2) return false;
      for (size_t e = 0; e < cycle.edge_count; ++e) {
        if (cycle.edges[e].requested != cycle.edges[(e + 1) % cycle.edge_count].held) return false;
      }
      return true;
  }
  return false;
}

void put_coffman_evidence(Sink &sink, const LockOrderCycle &cycle, CoffmanCondition condition) {
  if (!valid_edges(cycle)) {
    sink.put("the cycle has no edges");
    return;
  }
  switch (condition) {
    case CoffmanCondition::kMutualExclusion: put_mutual_exclusion(sink, cycle); return;
    case CoffmanCondition::kHoldAndWait: put_hold_and_wait(sink, cycle); return;
    case CoffmanCondition::kNoPreemption: put_no_preemption(sink, cycle); return;
    case CoffmanCondition::kCircularWait: put_circular_wait(sink, cycle); return;
  }
}

void put_suggested_order(Sink &sink, const LockOrderCycle &cycle) {
  if (!valid_order(cycle)) {
    sink.put("??");
    return;
  }
  for (size_t i = 0; i < cycle.lock_count; ++i) {
    if (i > 0) sink.put(cycle.lock_count == 2 ? " before " : ", then ");
    put_lock_name(sink, cycle, cycle.suggested_order[i]);
  }
}

void put_order_advice(Sink &sink, const LockOrderCycle &cycle) {
  if (valid_order(cycle)) {
    sink.put("acquire ");
    put_suggested_order(sink, cycle);
    sink.put(" everywhere; ");
  }
  if (!valid_edges(cycle) || cycle.edge_to_change >= cycle.edge_count) {
    sink.put("no acquisition to change is known");
    return;
  }
  const LockOrderEdge &edge = cycle.edges[cycle.edge_to_change];
  sink.put("change ");
  put_thread_name(sink, cycle, edge.thread);
  sink.put("'s acquisition of ");
  put_lock_name(sink, cycle, edge.requested);
  sink.put(" at ");
  put_line_of(sink, edge.requested_at);
  sink.put(" (taken while holding ");
  put_lock_name(sink, cycle, edge.held);
  sink.put(" since ");
  put_line_of(sink, edge.held_at);
  sink.put_char(')');
}

}  // namespace interlock::report
