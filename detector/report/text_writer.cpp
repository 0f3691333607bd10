#include "detector/report/text_writer.h"

#include <string.h>

#include "detector/report/describe.h"
#include "detector/report/key.h"
#include "detector/report/summary.h"

namespace interlock::report {

namespace {

constexpr const char *kRule = "==================\n";
constexpr size_t kMaxSourceBytes = 1024;

// Wraps ANSI styling so that the layout code does not test the colour flag everywhere.
class Style {
 public:
  Style(Sink &sink, bool color) : sink_(sink), color_(color) {}
  void red() { emit("\033[1;31m"); }
  void bold() { emit("\033[1m"); }
  void reset() { emit("\033[0m"); }

 private:
  void emit(const char *code) {
    if (color_) sink_.put(code);
  }
  Sink &sink_;
  bool color_;
};

class TextReport {
 public:
  TextReport(Sink &sink, SourceReader *sources, bool color)
      : sink_(sink), sources_(sources), style_(sink, color) {}

  void write(const Finding &finding);

 private:
  void write_race(const DataRace &race);
  void write_atomicity(const AtomicityViolation &violation);
  void write_coroutine_atomicity(const DataRace &as_race, const AtomicityViolation &violation);
  void write_atomicity_access(const DataRace &as_race, const Access &access, const char *heading,
                              const char *role);
  void write_prediction(const DataRace &race, const RacePrediction &prediction);
  void write_holder_processes(const BlockedThread &blocked);
  void write_cycle(const LockOrderCycle &cycle);
  void write_misuse(const MutexMisuse &misuse);
  void write_deadlock(const Deadlock &deadlock);
  void write_blocked(const Deadlock &deadlock, const BlockedThread &blocked);
  void write_wait_for(const Deadlock &deadlock);
  void write_edge(const LockOrderCycle &cycle, const LockOrderEdge &edge);
  void write_coffman(const LockOrderCycle &cycle);
  void write_suggestion(const LockOrderCycle &cycle);
  void write_access(const DataRace &race, const Access &access, bool previous);
  void write_locks(const Access &access);
  void write_memory(const DataRace &race);
  void write_thread(ThreadList threads, const ThreadInfo &thread);
  // `indent` spaces before each "#N"; source text only under frame #0 when `with_source`.
  void write_stack(const Stack &stack, size_t indent, bool with_source);

  Sink &sink_;
  SourceReader *sources_;
  Style style_;
};

const char *access_heading(AccessType type, bool previous) {
  switch (type) {
    case AccessType::kRead: return previous ? "Previous read" : "Read";
    case AccessType::kWrite: return previous ? "Previous write" : "Write";
    case AccessType::kAtomicRead: return previous ? "Previous atomic read" : "Atomic read";
    case AccessType::kAtomicWrite: return previous ? "Previous atomic write" : "Atomic write";
    case AccessType::kFree: return previous ? "Previous free" : "Free";
  }
  return "Access";
}

void TextReport::write(const Finding &finding) {
  sink_.put(kRule);
  style_.red();
  sink_.put("WARNING: Interlock: ");
  if (finding.kind == FindingKind::kDataRace) {
    sink_.put(finding.race && finding.race->prediction ? "data race (predicted)" : "data race");
  } else if (finding.kind == FindingKind::kLockOrderCycle) {
    sink_.put("lock-order cycle (potential deadlock)");
  } else if (finding.kind == FindingKind::kMutexMisuse) {
    sink_.put("mutex misuse");
  } else if (finding.kind == FindingKind::kDeadlock) {
    sink_.put("deadlock (program ended)");
  } else if (finding.kind == FindingKind::kAtomicityViolation) {
    sink_.put(finding.atomicity && !finding.atomicity->observed
                  ? "atomicity violation (lost update, predicted)"
                  : "atomicity violation (lost update)");
  } else {
    sink_.put(finding_kind_name(finding.kind));
  }
  sink_.put(" (key ");
  char key[17];
  format_key(finding.key != 0 ? finding.key : finding_key(finding), key);
  sink_.put(key);
  sink_.put_char(')');
  style_.reset();
  sink_.put("\n  ");
  write_summary(sink_, finding);
  sink_.put_char('\n');
  if (finding.kind == FindingKind::kDataRace && finding.race != nullptr) {
    write_race(*finding.race);
  } else if (finding.kind == FindingKind::kLockOrderCycle && finding.cycle != nullptr) {
    write_cycle(*finding.cycle);
  } else if (finding.kind == FindingKind::kMutexMisuse && finding.misuse != nullptr) {
    write_misuse(*finding.misuse);
  } else if (finding.kind == FindingKind::kDeadlock && finding.deadlock != nullptr) {
    write_deadlock(*finding.deadlock);
  } else if (finding.kind == FindingKind::kAtomicityViolation && finding.atomicity != nullptr) {
    write_atomicity(*finding.atomicity);
  }
  sink_.put(kRule);
}

void TextReport::write_race(const DataRace &race) {
  write_access(race, race.accesses[0], /*previous=*/false);
  write_access(race, race.accesses[1], /*previous=*/true);
  sink_.put_char('\n');
  write_memory(race);
  if (race.note != nullptr) {
    sink_.put("  Note: ");
    sink_.put(race.note);
    sink_.put_char('\n');
  }
  if (race.prediction != nullptr) write_prediction(race, *race.prediction);
  // Between processes each side's thread is named with its process in its heading.
  if (race.threads != nullptr && race.accesses[0].pid == 0) {
    for (size_t i = 0; i < race.thread_count; ++i) write_thread(threads_of(race), race.threads[i]);
  }
}

void TextReport::write_prediction(const DataRace &race, const RacePrediction &prediction) {
  sink_.put("\n  Predicted: in this run only mutex ");
  sink_.put_hex(prediction.lock.address);
  if (prediction.lock.name != nullptr) {
    sink_.put(" ('");
    sink_.put(prediction.lock.name);
    sink_.put("')");
  }
  sink_.put(" ordered the two accesses: ");
  put_thread_phrase(sink_, race, prediction.released_by);
  sink_.put(" unlocked it after the previous access, at:\n");
  write_stack(prediction.released_at, 4, /*with_source=*/true);
  if (prediction.acquired_at.count != 0) {
    sink_.put("  and ");
    put_thread_phrase(sink_, race, prediction.acquired_by);
    sink_.put(" locked it next, at:\n");
    write_stack(prediction.acquired_at, 4, /*with_source=*/true);
  }
  sink_.put("  The two critical sections touched no common memory, so nothing forces that order:\n"
            "  another schedule runs them the other way round, and the accesses concurrently.\n"
            "  The mutex does not protect this memory; protect both accesses with one lock.\n");
  sink_.put(prediction.certain
                ? "  Confidence: certain (the run's first predicted race: a reordering of this run\n"
                  "  has this race, or a deadlock on the way to it).\n"
                : "  Confidence: likely (an earlier predicted race of this run may be what made it\n"
                  "  possible).\n");
}

void TextReport::write_atomicity_access(const DataRace &as_race, const Access &access,
                                        const char *heading, const char *role) {
  sink_.put("\n  ");
  style_.red();
  sink_.put(heading);
  sink_.put(" of size ");
  sink_.put_uint(access.size);
  sink_.put(" at ");
  sink_.put_hex(access.address);
  sink_.put(" by ");
  put_thread_phrase(sink_, as_race, access.thread);
  sink_.put(role);
  sink_.put_char(':');
  style_.reset();
  sink_.put_char('\n');
  write_stack(access.stack, 4, /*with_source=*/true);
  write_locks(access);
}

void TextReport::write_atomicity(const AtomicityViolation &violation) {
  DataRace as_race;  // the memory and thread phrases, as a data race says them
  as_race.memory = violation.memory;
  as_race.threads = violation.threads;
  as_race.thread_count = violation.thread_count;
  const bool atomic = violation.on_atomic;
  if (violation.across_suspension) {
    write_coroutine_atomicity(as_race, violation);
    return;
  }
  write_atomicity_access(as_race, violation.read, atomic ? "1. Atomic load" : "1. Read",
                         atomic ? "" : ", in one critical section");
  write_atomicity_access(as_race, violation.interleaved,
                         violation.interleaved.type == AccessType::kAtomicWrite ? "2. Atomic write"
                                                                                 : "2. Write",
                         violation.observed ? ", after 1 and before 3"
                                            : ", before 1 in this run, in a critical section of "
                                              "the same mutex");
  write_atomicity_access(as_race, violation.write, atomic ? "3. Atomic store" : "3. Write",
                         atomic ? ", of a value computed from 1"
                                : ", in a later critical section, computed from 1 (or done "
                                  "because of it)");
  sink_.put_char('\n');
  write_memory(as_race);
  if (atomic) {
    sink_.put("  The load and the store are two operations: the write in between is lost (or the\n"
              "  decision made on the loaded value is stale).\n"
              "  Fix: one atomic read-modify-write (fetch_add, exchange) or a compare_exchange loop\n"
              "  that retries when the value changed.\n");
  } else {
    sink_.put("  Both critical sections hold mutex ");
    sink_.put_hex(violation.lock.address);
    if (violation.lock.name != nullptr) {
      sink_.put(" ('");
      sink_.put(violation.lock.name);
      sink_.put("')");
    }
    sink_.put(violation.observed
                  ? ", but the lock is released between them: the\n"
                    "  write in between is lost (or the check is stale when the act runs).\n"
                  : ", but the lock is released between them: a\n"
                    "  write in between would be lost (or the check stale when the act runs).\n");
    sink_.put("  Fix: one critical section from the read (or the check) to the write (or the act).\n");
  }
  if (!violation.observed) {
    sink_.put("\n  Predicted: in this run 2 came before 1, and only the order in which the mutex was\n"
              "  taken put it there: nothing else (thread start or join, an atomic, a condition\n"
              "  variable) orders 2 before 1. In a schedule where that critical section runs\n"
              "  between 1 and 3, 3 overwrites 2's update.\n");
  }
  if (violation.threads != nullptr) {
    for (size_t i = 0; i < violation.thread_count; ++i)
      write_thread(threads_of(as_race), violation.threads[i]);
  }
}

// One coroutine's read and write with a co_await between them: the three accesses, where it
// suspended, and the fix.
void TextReport::write_coroutine_atomicity(const DataRace &as_race,
                                           const AtomicityViolation &violation) {
  write_atomicity_access(as_race, violation.read, "1. Read", ", in a coroutine");
  sink_.put("  suspended at ");
  const Frame *suspended = violation.suspended_at;
  if (suspended != nullptr && suspended->file != nullptr) {
    sink_.put(suspended->file);
    sink_.put_char(':');
    sink_.put_uint(suspended->line);
  } else {
    sink_.put("??");
  }
  sink_.put(" (co_await)");
  if (suspended != nullptr && suspended->function != nullptr) {
    sink_.put(" in ");
    sink_.put(suspended->function);
  }
  sink_.put_char('\n');
  write_atomicity_access(as_race, violation.interleaved,
                         violation.interleaved.type == AccessType::kAtomicWrite ? "2. Atomic write"
                                                                                 : "2. Write",
                         ", by other code while the coroutine was suspended");
  write_atomicity_access(as_race, violation.write, "3. Write",
                         ", by the coroutine after it resumed, computed from 1 (or done "
                         "because of it)");
  sink_.put_char('\n');
  write_memory(as_race);
  sink_.put("  No lock is involved and every access was made on one thread: the coroutine kept\n"
            "  what it read across the co_await, and the write made while it was suspended is\n"
            "  lost (or the check is stale when the act runs).\n"
            "  Fix: do not hold a value read before a co_await across it: read again after\n"
            "  resuming, do the update without suspending in between, or hold a coroutine-aware\n"
            "  (async) mutex from the read to the write.\n");
  if (violation.threads != nullptr) {
    for (size_t i = 0; i < violation.thread_count; ++i)
      write_thread(threads_of(as_race), violation.threads[i]);
  }
}

void TextReport::write_cycle(const LockOrderCycle &cycle) {
  if (cycle.edges != nullptr) {
    for (size_t i = 0; i < cycle.edge_count; ++i) write_edge(cycle, cycle.edges[i]);
  }
  sink_.put_char('\n');
  write_coffman(cycle);
  sink_.put_char('\n');
  write_suggestion(cycle);
  if (cycle.threads != nullptr) {
    for (size_t i = 0; i < cycle.thread_count; ++i)
      write_thread(threads_of(cycle), cycle.threads[i]);
  }
}

const char *misuse_heading(MutexMisuseKind what) {
  switch (what) {
    case MutexMisuseKind::kUnlockNotHeld: return "Unlock of ";
    case MutexMisuseKind::kDoubleUnlock: return "Second unlock of ";
    case MutexMisuseKind::kDestroyLocked: return "Destroy of ";
  }
  return "Use of ";
}

void TextReport::write_misuse(const MutexMisuse &misuse) {
  const ThreadList threads = threads_of(misuse);
  const char *type = misuse.mutex.is_rwlock ? "rwlock " : "mutex ";
  sink_.put("\n  ");
  style_.red();
  sink_.put(misuse_heading(misuse.what));
  sink_.put(type);
  put_lock_info_name(sink_, misuse.mutex);
  sink_.put(" by ");
  put_thread_phrase(sink_, threads, misuse.thread);
  sink_.put(":");
  style_.reset();
  sink_.put_char('\n');
  write_stack(misuse.stack, 4, /*with_source=*/true);
  if (misuse.owner >= 0) {
    sink_.put("\n  ");
    style_.red();
    sink_.put("It is held by ");
    put_thread_phrase(sink_, threads, static_cast<uint32_t>(misuse.owner));
    sink_.put(", which locked it at:");
    style_.reset();
    sink_.put_char('\n');
    write_stack(misuse.locked_at, 4, /*with_source=*/true);
  }
  if (misuse.what == MutexMisuseKind::kDoubleUnlock) {
    sink_.put("\n  ");
    style_.red();
    sink_.put("It was already unlocked, not locked since, at:");
    style_.reset();
    sink_.put_char('\n');
    write_stack(misuse.last_unlocked_at, 4, /*with_source=*/true);
  }
  if (misuse.threads != nullptr) {
    for (size_t i = 0; i < misuse.thread_count; ++i) write_thread(threads, misuse.threads[i]);
  }
}

void TextReport::write_deadlock(const Deadlock &deadlock) {
  if (deadlock.blocked != nullptr) {
    for (size_t i = 0; i < deadlock.blocked_count; ++i)
      write_blocked(deadlock, deadlock.blocked[i]);
  }
  sink_.put_char('\n');
  write_wait_for(deadlock);
  if (deadlock.threads != nullptr) {
    for (size_t i = 0; i < deadlock.thread_count; ++i)
      write_thread(threads_of(deadlock), deadlock.threads[i]);
  }
}

// The lock a blocked thread holds, named when some thread of the deadlock waits for it (that is
// where the model carries names), else by address.
void put_held_lock_name(Sink &sink, const Deadlock &deadlock, uint64_t address) {
  for (size_t i = 0; deadlock.blocked != nullptr && i < deadlock.blocked_count; ++i) {
    const LockInfo &object = deadlock.blocked[i].object;
    if (is_lock_wait(deadlock.blocked[i].what) && object.address == address) {
      sink.put(object.is_rwlock ? "rwlock " : "mutex ");
      put_lock_info_name(sink, object);
      return;
    }
  }
  sink.put("mutex ");
  sink.put_hex(address);
}

// A file lock's holders from the kernel's lock table, and the chain of waits between processes.
void TextReport::write_holder_processes(const BlockedThread &blocked) {
  if (blocked.what != WaitKind::kFileLock) return;
  if (blocked.holders == nullptr || blocked.holder_count == 0) {
    sink_.put("    Holder: not found in /proc/locks\n");
    return;
  }
  for (size_t i = 0; i < blocked.holder_count; ++i) {
    const ProcessWait &holder = blocked.holders[i];
    sink_.put(i == 0 ? "    Held by process " : "    which is held by process ");
    sink_.put_int(holder.pid);
    if (holder.command != nullptr) {
      sink_.put(" (");
      sink_.put(holder.command);
      sink_.put_char(')');
    }
    if (holder.waits_for_lock != nullptr) {
      sink_.put(", blocked itself taking file lock '");
      sink_.put(holder.waits_for_lock);
      sink_.put("'\n");
    } else {
      sink_.put("\n");
    }
  }
  if (blocked.process_cycle)
    sink_.put("    which this process holds: the processes wait for each other (a deadlock "
              "between processes)\n");
}

void TextReport::write_blocked(const Deadlock &deadlock, const BlockedThread &blocked) {
  const ThreadList threads = threads_of(deadlock);
  sink_.put("\n  ");
  style_.red();
  sink_.put("Thread ");
  put_thread_name(sink_, threads, blocked.thread);
  sink_.put(" is blocked ");
  put_wait(sink_, threads, blocked);
  const bool named = blocked.object.name != nullptr && blocked.object.name[0] != '\0';
  // A file lock's key is no address of the program: its name (path and range) says it all.
  if (named && blocked.what != WaitKind::kJoin && blocked.what != WaitKind::kFileLock) {
    sink_.put(" (");
    sink_.put_hex(blocked.object.address);
    sink_.put_char(')');
  }
  if (waits_for_lock_holder(blocked)) {
    sink_.put(", ");
    put_wait_holder(sink_, threads, blocked);
  }
  sink_.put_char(':');
  style_.reset();
  sink_.put_char('\n');
  write_stack(blocked.stack, 4, /*with_source=*/true);
  if (waits_for_lock_holder(blocked) && blocked.waits_for >= 0) {
    sink_.put("    Thread ");
    put_thread_name(sink_, threads, static_cast<uint32_t>(blocked.waits_for));
    sink_.put(" locked it at:\n");
    write_stack(blocked.holder_locked_at, 6, /*with_source=*/true);
  }
  write_holder_processes(blocked);
  if (blocked.locks_held == nullptr || blocked.lock_count == 0) {
    sink_.put("    Locks held: none\n");
    return;
  }
  sink_.put("    Locks held:\n");
  for (size_t i = 0; i < blocked.lock_count; ++i) {
    const HeldLock &lock = blocked.locks_held[i];
    sink_.put("      ");
    if (lock.name != nullptr) {
      sink_.put("file lock '");
      sink_.put(lock.name);
      sink_.put_char('\'');
    } else {
      put_held_lock_name(sink_, deadlock, lock.address);
    }
    sink_.put(" acquired at:\n");
    write_stack(lock.acquired_at, 8, /*with_source=*/false);
  }
}

// Why none of them can go on, in one paragraph: the cycle spelled out, or the fact that every
// thread waits with nobody left to wake it; then that the program was ended.
void TextReport::write_wait_for(const Deadlock &deadlock) {
  const ThreadList threads = threads_of(deadlock);
  sink_.put("  ");
  if (deadlock.is_cycle && deadlock.blocked != nullptr && deadlock.blocked_count > 0) {
    sink_.put("Wait-for cycle: ");
    put_thread_name(sink_, threads, deadlock.blocked[0].thread);
    sink_.put(" waits for ");
    for (size_t i = 1; i < deadlock.blocked_count; ++i) {
      put_thread_name(sink_, threads, deadlock.blocked[i].thread);
      sink_.put(", which waits for ");
    }
    put_thread_name(sink_, threads, deadlock.blocked[0].thread);
    sink_.put(deadlock.blocked_count == 1 ? " (itself)" : "");
    sink_.put("; no thread of the cycle can go on.\n");
  } else if (is_process_cycle(deadlock)) {
    sink_.put("The processes above wait for each other's file locks; none of them can go on.\n");
  } else if (deadlock.blocked_count == 1) {
    sink_.put("The program's only live thread is blocked and no thread is left to wake it.\n");
  } else {
    sink_.put("Every thread of the program is blocked and none of them can wake another.\n");
  }
  sink_.put("  Blocked state unchanged for ");
  sink_.put_uint(deadlock.blocked_ms);
  sink_.put(" ms; the program was ended instead of hanging.\n");
}

void TextReport::write_edge(const LockOrderCycle &cycle, const LockOrderEdge &edge) {
  sink_.put("\n  ");
  style_.red();
  sink_.put("Thread ");
  put_thread_name(sink_, cycle, edge.thread);
  sink_.put(" holds ");
  sink_.put(lock_type_name(cycle, edge.held));
  sink_.put_char(' ');
  put_lock_name(sink_, cycle, edge.held);
  if (edge.held < cycle.lock_count && cycle.locks[edge.held].is_rwlock)
    sink_.put(edge.held_for_read ? " for reading" : " for writing");
  sink_.put(" acquired at:");
  style_.reset();
  sink_.put_char('\n');
  if (edge.pid > 0) {
    sink_.put("    (in process ");
    sink_.put_int(edge.pid);
    if (edge.command != nullptr) {
      sink_.put(": ");
      sink_.put(edge.command);
    }
    sink_.put(")\n");
  }
  write_stack(edge.held_at, 4, /*with_source=*/true);
  sink_.put("  ");
  style_.red();
  sink_.put("and requests ");
  sink_.put(lock_type_name(cycle, edge.requested));
  sink_.put_char(' ');
  put_lock_name(sink_, cycle, edge.requested);
  if (edge.requested < cycle.lock_count && cycle.locks[edge.requested].is_rwlock)
    sink_.put(edge.requested_for_read ? " for reading" : " for writing");
  sink_.put(" at:");
  style_.reset();
  sink_.put_char('\n');
  write_stack(edge.requested_at, 4, /*with_source=*/true);
  sink_.put("    (this order seen ");
  sink_.put_uint(edge.observations);
  sink_.put(edge.observations == 1 ? " time, " : " times, ");
  sink_.put("the reverse ");
  sink_.put_uint(edge.reverse_observations);
  sink_.put(edge.reverse_observations == 1 ? " time)\n" : " times)\n");
}

void TextReport::write_coffman(const LockOrderCycle &cycle) {
  sink_.put("  Coffman conditions:\n");
  for (CoffmanCondition condition : kCoffmanConditions) {
    sink_.put("    ");
    sink_.put(coffman_condition_title(condition));
    sink_.put(coffman_condition_holds(cycle, condition) ? " (holds): " : " (does not hold): ");
    put_coffman_evidence(sink_, cycle, condition);
    sink_.put_char('\n');
  }
}

void TextReport::write_suggestion(const LockOrderCycle &cycle) {
  sink_.put("  Suggested lock order: ");
  style_.bold();
  put_suggested_order(sink_, cycle);
  style_.reset();
  const uint64_t observed = cycle.observations_following + cycle.observations_against;
  if (observed > 0) {
    sink_.put(" (");
    sink_.put_uint(cycle.observations_following);
    sink_.put(" of ");
    sink_.put_uint(observed);
    sink_.put(observed == 1 ? " observed acquisition follows it)" :
                              " observed acquisitions follow it)");
  }
  sink_.put("\n    ");
  put_order_advice(sink_, cycle);
  sink_.put_char('\n');
}

void TextReport::write_access(const DataRace &race, const Access &access, bool previous) {
  sink_.put("\n  ");
  style_.red();
  sink_.put(access_heading(access.type, previous));
  if (access.pid > 0) {
    // "Write of bytes 0-6 by main of process 4242 ('./seq bump') in pwrite:" (the thread's
    // name says its process)
    sink_.put(" of bytes ");
    sink_.put_uint(access.file_offset);
    sink_.put_char('-');
    sink_.put_uint(access.file_offset + (access.size != 0 ? access.size - 1 : 0));
    sink_.put(" by ");
    put_thread_name(sink_, race, access.thread);
    if (access.command != nullptr && access.command[0] != '\0') {
      sink_.put(" ('");
      sink_.put(access.command);
      sink_.put("')");
    }
    if (access.call != nullptr && access.call[0] != '\0') {
      sink_.put(" in ");
      sink_.put(access.call);
    }
    sink_.put_char(':');
    style_.reset();
    sink_.put_char('\n');
    write_stack(access.stack, 4, /*with_source=*/true);
    return;
  }
  sink_.put(" of size ");
  sink_.put_uint(access.size);
  sink_.put(" at ");
  sink_.put_hex(access.address);
  sink_.put(" by ");
  put_thread_phrase(sink_, race, access.thread);
  sink_.put_char(':');
  style_.reset();
  sink_.put_char('\n');
  write_stack(access.stack, 4, /*with_source=*/true);
  write_locks(access);
}

void TextReport::write_locks(const Access &access) {
  if (access.locks_held == nullptr || access.lock_count == 0) {
    sink_.put("    Locks held: none\n");
    return;
  }
  sink_.put("    Locks held:\n");
  for (size_t i = 0; i < access.lock_count; ++i) {
    const HeldLock &lock = access.locks_held[i];
    if (lock.name != nullptr) {
      sink_.put("      file lock '");
      sink_.put(lock.name);
      sink_.put_char('\'');
    } else {
      sink_.put("      mutex ");
      sink_.put_hex(lock.address);
    }
    sink_.put(" acquired at:\n");
    write_stack(lock.acquired_at, 8, /*with_source=*/false);
  }
}

void TextReport::write_memory(const DataRace &race) {
  const MemoryInfo &memory = race.memory;
  sink_.put("  Location: ");
  if (memory.vtable_pointer) sink_.put("the vtable pointer of the object in ");
  switch (memory.kind) {
    case MemoryKind::kGlobal:
      sink_.put("global '");
      sink_.put(memory.name != nullptr ? memory.name : "??");
      sink_.put("' of size ");
      sink_.put_uint(memory.size);
      if (memory.offset != 0) {
        sink_.put(" (offset ");
        sink_.put_uint(memory.offset);
        sink_.put_char(')');
      }
      if (memory.declared_file != nullptr) {
        sink_.put(" declared at ");
        style_.bold();
        sink_.put(memory.declared_file);
        if (memory.declared_line != 0) {
          sink_.put_char(':');
          sink_.put_uint(memory.declared_line);
        }
        style_.reset();
      }
      sink_.put_char('\n');
      return;
    case MemoryKind::kHeap:
      sink_.put("heap block of size ");
      sink_.put_uint(memory.size);
      sink_.put(" at ");
      sink_.put_hex(memory.address - memory.offset);
      sink_.put(" (offset ");
      sink_.put_uint(memory.offset);
      sink_.put("), allocated by ");
      put_thread_phrase(sink_, race, memory.allocated_by);
      sink_.put(" at:\n");
      write_stack(memory.allocation_stack, 4, /*with_source=*/false);
      return;
    case MemoryKind::kStack:
      sink_.put("stack of ");
      put_thread_phrase(sink_, race, memory.stack_of_thread);
      sink_.put(" (");
      sink_.put_hex(memory.address);
      sink_.put(")\n");
      return;
    case MemoryKind::kDescriptor:
      sink_.put("file descriptor ");
      sink_.put_uint(memory.descriptor);
      if (memory.allocation_stack.count == 0) {
        sink_.put_char('\n');
        return;
      }
      sink_.put(", created by ");
      put_thread_phrase(sink_, race, memory.allocated_by);
      sink_.put(" at:\n");
      write_stack(memory.allocation_stack, 4, /*with_source=*/false);
      return;
    case MemoryKind::kFile:
      put_file(sink_, memory);
      sink_.put(" (its contents, written and read through descriptors)\n");
      return;
    case MemoryKind::kUnknown:
      break;
  }
  sink_.put("unknown memory at ");
  sink_.put_hex(memory.address);
  sink_.put_char('\n');
}

void TextReport::write_thread(ThreadList threads, const ThreadInfo &thread) {
  sink_.put("\n  ");
  if (thread.created_by < 0) {
    sink_.put("Thread ");
    put_thread_name(sink_, threads, thread.id);
    sink_.put(" is the main thread\n");
    return;
  }
  sink_.put("Thread ");
  put_thread_name(sink_, threads, thread.id);
  sink_.put(" (created by ");
  put_thread_phrase(sink_, threads, static_cast<uint32_t>(thread.created_by));
  sink_.put(" at):\n");
  write_stack(thread.creation_stack, 4, /*with_source=*/false);
}

void TextReport::write_stack(const Stack &stack, size_t indent, bool with_source) {
  if (stack.frames == nullptr || stack.count == 0) {
    sink_.put_repeated(' ', indent);
    sink_.put("<no stack>\n");
    return;
  }
  for (size_t i = 0; i < stack.count; ++i) {
    const Frame &frame = stack.frames[i];
    // Runs of frames inside system headers (std::thread's invoke machinery, say) fold into one
    // line below the innermost frame; the JSON report keeps every frame.
    size_t run = 0;
    while (i > 0 && i + run < stack.count && in_system_header(stack.frames[i + run])) run++;
    if (run >= 2) {
      sink_.put_repeated(' ', indent);
      sink_.put_char('#');
      sink_.put_uint(i);
      sink_.put("-#");
      sink_.put_uint(i + run - 1);
      sink_.put(" (");
      sink_.put_uint(run);
      sink_.put(" frames in system headers)\n");
      i += run - 1;
      continue;
    }
    sink_.put_repeated(' ', indent);
    sink_.put_char('#');
    sink_.put_uint(i);
    sink_.put_char(' ');
    sink_.put(frame.function != nullptr ? frame.function : "??");
    if (frame.file != nullptr) {
      sink_.put_char(' ');
      style_.bold();
      put_full_location(sink_, frame);
      style_.reset();
    }
    sink_.put_char('\n');
    char source[kMaxSourceBytes];
    if (with_source && i == 0 && sources_ != nullptr && frame.file != nullptr && frame.line != 0 &&
        sources_->line(frame.file, frame.line, source, sizeof source)) {
      sink_.put_repeated(' ', indent);
      sink_.put_uint_padded(frame.line, 7);
      sink_.put(" | ");
      sink_.put(source);
      sink_.put_char('\n');
    }
  }
}

}  // namespace

void write_finding_text(Sink &sink, const Finding &finding, SourceReader *sources,
                        const TextOptions &options) {
  TextReport(sink, sources, options.color).write(finding);
}

}  // namespace interlock::report
