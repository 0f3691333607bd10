#include "detector/report/summary.h"

#include "detector/report/describe.h"

namespace interlock::report {

namespace {

void put_place(Sink &sink, const DataRace &race) {
  const MemoryInfo &memory = race.memory;
  if (memory.kind == MemoryKind::kUnknown) {
    sink.put(memory.vtable_pointer ? "on the vtable pointer of the object at " : "at ");
    sink.put_hex(memory.address);
    return;
  }
  sink.put(memory.vtable_pointer ? "on the vtable pointer of the object in " : "on ");
  switch (memory.kind) {
    case MemoryKind::kGlobal:
      sink.put("global '");
      sink.put(memory.name != nullptr ? memory.name : "??");
      sink.put_char('\'');
      if (memory.offset != 0) {
        sink.put(" at offset ");
        sink.put_uint(memory.offset);
      }
      return;
    case MemoryKind::kHeap:
      sink.put("heap block of ");
      sink.put_uint(memory.size);
      sink.put(" bytes at offset ");
      sink.put_uint(memory.offset);
      return;
    case MemoryKind::kStack:
      sink.put("stack of ");
      put_thread_phrase(sink, race, memory.stack_of_thread);
      return;
    case MemoryKind::kDescriptor:
      sink.put("file descriptor ");
      sink.put_uint(memory.descriptor);
      return;
    case MemoryKind::kFile:
      put_file(sink, memory);
      return;
    case MemoryKind::kUnknown:
      break;
  }
}

void put_side(Sink &sink, const DataRace &race, const Access &access) {
  sink.put(access_type_name(access.type));
  sink.put(" by ");
  if (access.pid > 0) {  // a side of a race between processes: the process says more
    sink.put("process ");
    sink.put_int(access.pid);
  } else {
    put_thread_phrase(sink, race, access.thread);
  }
  sink.put(" at ");
  const Frame *frame = user_frame(access.stack);
  if (frame != nullptr) {
    put_short_location(sink, *frame);
  } else {
    sink.put("??");
  }
}

void put_count(Sink &sink, size_t count, const char *one, const char *many) {
  sink.put_uint(count);
  sink.put_char(' ');
  sink.put(count == 1 ? one : many);
}

void write_cycle_summary(Sink &sink, const LockOrderCycle &cycle) {
  sink.put("lock-order cycle (potential deadlock) between ");
  put_count(sink, cycle.lock_count, "lock", "locks");
  sink.put(" in ");
  const size_t threads = distinct_edge_threads(cycle);
  put_count(sink, threads, "thread", "threads");
  if (threads == 1) sink.put(" (it took every order; two threads running its code can deadlock)");
  if (cycle.edges == nullptr || cycle.edge_count == 0) return;
  sink.put(": ");
  for (size_t e = 0; e < cycle.edge_count; ++e) {
    if (e > 0) sink.put("; ");
    if (e == kMaxSummaryEdges) {
      sink.put("and ");
      put_count(sink, cycle.edge_count - e, "more edge", "more edges");
      return;
    }
    const LockOrderEdge &edge = cycle.edges[e];
    put_thread_name(sink, cycle, edge.thread);
    sink.put(" holds ");
    put_lock_name(sink, cycle, edge.held);
    if (e == 0) {
      sink.put(" (");
      put_line_of(sink, edge.held_at);
      sink.put_char(')');
    }
    sink.put(" and wants ");
    put_lock_name(sink, cycle, edge.requested);
    if (e == 0) {
      sink.put(" (");
      put_line_of(sink, edge.requested_at);
      sink.put_char(')');
    }
  }
}

void put_user_line(Sink &sink, const Stack &stack) {
  const Frame *frame = user_frame(stack);
  if (frame != nullptr) {
    put_short_location(sink, *frame);
  } else {
    sink.put("??");
  }
}

// "unlock of mutex 'm' not held by thread T1 at f.c:12" and the like: what was done, to which
// mutex, by whom, where; then the other context (holder, earlier unlock) when there is one.
void write_misuse_summary(Sink &sink, const MutexMisuse &misuse) {
  const ThreadList threads = threads_of(misuse);
  const char *type = misuse.mutex.is_rwlock ? "rwlock " : "mutex ";
  sink.put("mutex misuse: ");
  switch (misuse.what) {
    case MutexMisuseKind::kUnlockNotHeld:
      sink.put("unlock of ");
      sink.put(type);
      put_lock_info_name(sink, misuse.mutex);
      sink.put(" not held by ");
      break;
    case MutexMisuseKind::kDoubleUnlock:
      sink.put("double unlock of ");
      sink.put(type);
      put_lock_info_name(sink, misuse.mutex);
      sink.put(" by ");
      break;
    case MutexMisuseKind::kDestroyLocked:
      sink.put("destroy of locked ");
      sink.put(type);
      put_lock_info_name(sink, misuse.mutex);
      sink.put(" by ");
      break;
  }
  put_thread_phrase(sink, threads, misuse.thread);
  sink.put(" at ");
  put_user_line(sink, misuse.stack);
  if (misuse.what == MutexMisuseKind::kDoubleUnlock) {
    sink.put(" (already unlocked at ");
    put_user_line(sink, misuse.last_unlocked_at);
    sink.put_char(')');
  } else if (misuse.owner >= 0) {
    sink.put(" (held by ");
    put_thread_phrase(sink, threads, static_cast<uint32_t>(misuse.owner));
    sink.put(" since ");
    put_user_line(sink, misuse.locked_at);
    sink.put_char(')');
  }
}

// "deadlock: 2 threads blocked forever in a wait-for cycle: thread T1 locking mutex 'fork_b' at
// philosophers.c:21:3 (held by thread T2); ..." thread by thread, each with the line it is
// blocked at (its user frame) and, for a lock, the holder.
void write_deadlock_summary(Sink &sink, const Deadlock &deadlock) {
  const ThreadList threads = threads_of(deadlock);
  sink.put("deadlock: ");
  put_count(sink, deadlock.blocked_count, "thread", "threads");
  if (is_process_cycle(deadlock)) {
    sink.put(" blocked forever in a wait-for cycle between processes");
  } else if (!deadlock.is_cycle) {
    sink.put(deadlock.blocked_count == 1 ? " blocked forever, no thread left to wake it"
                                         : " blocked forever, none can wake another");
  } else if (deadlock.blocked_count == 1) {
    sink.put(" blocked forever waiting for itself");
  } else {
    sink.put(" blocked forever in a wait-for cycle");
  }
  if (deadlock.blocked == nullptr || deadlock.blocked_count == 0) return;
  sink.put(": ");
  for (size_t i = 0; i < deadlock.blocked_count; ++i) {
    if (i > 0) sink.put("; ");
    if (i == kMaxSummaryEdges) {
      sink.put("and ");
      put_count(sink, deadlock.blocked_count - i, "more thread", "more threads");
      return;
    }
    const BlockedThread &blocked = deadlock.blocked[i];
    put_thread_phrase(sink, threads, blocked.thread);
    sink.put_char(' ');
    put_wait(sink, threads, blocked);
    sink.put(" at ");
    put_user_line(sink, blocked.stack);
    if (waits_for_lock_holder(blocked)) {
      sink.put(" (");
      put_wait_holder(sink, threads, blocked);
      sink.put_char(')');
    }
  }
}

void put_where(Sink &sink, const Access &access) {
  const Frame *frame = user_frame(access.stack);
  if (frame != nullptr) {
    put_short_location(sink, *frame);
  } else {
    sink.put("??");
  }
}

void write_atomicity_summary(Sink &sink, const AtomicityViolation &violation) {
  // The place and the thread phrases as a data race on the same memory says them.
  DataRace as_race;
  as_race.memory = violation.memory;
  as_race.threads = violation.threads;
  as_race.thread_count = violation.thread_count;
  sink.put("atomicity violation ");
  put_place(sink, as_race);
  sink.put(": ");
  put_thread_phrase(sink, as_race, violation.read.thread);
  if (violation.across_suspension) {
    // "main thread read it in a coroutine at a.cpp:5, suspended at a.cpp:6 and wrote it after
    // resuming at a.cpp:7, but other code of main thread wrote it in between at a.cpp:7"
    sink.put(" read it in a coroutine at ");
    put_where(sink, violation.read);
    sink.put(", suspended at ");
    if (violation.suspended_at != nullptr)
      put_short_location(sink, *violation.suspended_at);
    else
      sink.put("??");
    sink.put(" (co_await) and wrote it after resuming at ");
    put_where(sink, violation.write);
    sink.put(", but other code of ");
    put_thread_phrase(sink, as_race, violation.interleaved.thread);
    sink.put(" wrote it in between at ");
    put_where(sink, violation.interleaved);
    return;
  }
  sink.put(violation.on_atomic ? " loaded it at " : " read it at ");
  put_where(sink, violation.read);
  sink.put(violation.on_atomic ? " and stored a value computed from it at "
                               : " and wrote it in a later critical section at ");
  put_where(sink, violation.write);
  sink.put(", but ");
  put_thread_phrase(sink, as_race, violation.interleaved.thread);
  sink.put(violation.observed ? " wrote it in between at " : " could write it in between, at ");
  put_where(sink, violation.interleaved);
}

}  // namespace

void write_summary(Sink &sink, const Finding &finding) {
  if (finding.kind == FindingKind::kAtomicityViolation && finding.atomicity != nullptr) {
    write_atomicity_summary(sink, *finding.atomicity);
    return;
  }
  if (finding.kind == FindingKind::kLockOrderCycle && finding.cycle != nullptr) {
    write_cycle_summary(sink, *finding.cycle);
    return;
  }
  if (finding.kind == FindingKind::kMutexMisuse && finding.misuse != nullptr) {
    write_misuse_summary(sink, *finding.misuse);
    return;
  }
  if (finding.kind == FindingKind::kDeadlock && finding.deadlock != nullptr) {
    write_deadlock_summary(sink, *finding.deadlock);
    return;
  }
  if (finding.kind != FindingKind::kDataRace || finding.race == nullptr) {
    sink.put(finding_kind_name(finding.kind));
    return;
  }
  const DataRace &race = *finding.race;
  sink.put("data race ");
  if (race.accesses[0].pid > 0) sink.put("between processes ");
  put_place(sink, race);
  sink.put(" (");
  sink.put_uint(race.accesses[0].size);
  sink.put(race.accesses[0].size == 1 ? " byte): " : " bytes): ");
  put_side(sink, race, race.accesses[0]);
  sink.put(" vs ");
  put_side(sink, race, race.accesses[1]);
}

}  // namespace interlock::report
