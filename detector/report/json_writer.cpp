#include "detector/report/json_writer.h"

#include "detector/report/describe.h"
#include "detector/report/key.h"
#include "detector/report/summary.h"

#ifndef INTERLOCK_VERSION_STRING
#define INTERLOCK_VERSION_STRING "0.1.0"
#endif

namespace interlock::report {

namespace {

// Longest source line or summary carried into a report; longer ones are cut.
constexpr size_t kMaxLineBytes = 1024;
// Longest Coffman evidence or advice text; a longer one (a cycle of dozens of locks) is cut and
// ends in "...". The edges themselves are always complete.
constexpr size_t kMaxPhraseBytes = 2048;

// Writes what `phrase(sink, cycle[, arg])` says as one JSON string.
template <typename Phrase, typename... Args>
void write_phrase(JsonEmitter &json, Phrase phrase, const Args &...args) {
  char text[kMaxPhraseBytes];
  BufferSink sink(text, sizeof text);
  phrase(sink, args...);
  size_t size = sink.size();
  if (sink.truncated() && size >= 3) {
    // Back up to a UTF-8 character boundary so the cut does not leave half a character.
    size -= 3;
    while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xc0) == 0x80) --size;
    text[size++] = '.';
    text[size++] = '.';
    text[size++] = '.';
  }
  json.string(text, size);
}

void write_frame(JsonEmitter &json, const Frame &frame, SourceReader *sources) {
  json.begin_object(/*inline_layout=*/true);
  json.key("function");
  json.string(frame.function != nullptr ? frame.function : "??");
  json.key("file");
  json.string(frame.file);
  json.key("line");
  json.uint(frame.line);
  json.key("column");
  json.uint(frame.column);
  if (frame.module != nullptr) {
    json.key("module");
    json.string(frame.module);
  }
  char source[kMaxLineBytes];
  if (sources != nullptr && frame.file != nullptr && frame.line != 0 &&
      sources->line(frame.file, frame.line, source, sizeof source)) {
    json.key("source");
    json.string(source);
  }
  json.end_object();
}

void write_stack(JsonEmitter &json, const Stack &stack, SourceReader *sources) {
  json.begin_array();
  if (stack.frames != nullptr) {
    for (size_t i = 0; i < stack.count; ++i) write_frame(json, stack.frames[i], sources);
  }
  json.end_array();
}

void write_held_locks(JsonEmitter &json, const HeldLock *locks, size_t count,
                      SourceReader *sources) {
  json.begin_array();
  if (locks != nullptr) {
    for (size_t i = 0; i < count; ++i) {
      json.begin_object();
      json.key("address");
      json.hex_string(locks[i].address);
      if (locks[i].name != nullptr) {
        json.key("name");
        json.string(locks[i].name);
      }
      json.key("acquired_at");
      write_stack(json, locks[i].acquired_at, sources);
      json.end_object();
    }
  }
  json.end_array();
}

void write_access(JsonEmitter &json, const Access &access, SourceReader *sources) {
  json.begin_object();
  json.key("thread");
  json.uint(access.thread);
  json.key("type");
  json.string(access_type_name(access.type));
  json.key("size");
  json.uint(access.size);
  json.key("address");
  json.hex_string(access.address);
  json.key("stack");
  write_stack(json, access.stack, sources);
  json.key("locks_held");
  write_held_locks(json, access.locks_held, access.lock_count, sources);
  if (access.pid > 0) {
    json.key("process");
    json.begin_object(/*inline_layout=*/true);
    json.key("pid");
    json.int64(access.pid);
    json.key("command");
    json.string(access.command != nullptr ? access.command : "");
    json.end_object();
    json.key("call");
    json.string(access.call != nullptr ? access.call : "");
    json.key("offset");
    json.uint(access.file_offset);
  }
  json.end_object();
}

void write_memory(JsonEmitter &json, const MemoryInfo &memory, SourceReader *sources) {
  json.begin_object();
  json.key("kind");
  switch (memory.kind) {
    case MemoryKind::kGlobal:
      json.string("global");
      json.key("name");
      json.string(memory.name);
      json.key("address");
      json.hex_string(memory.address);
      json.key("size");
      json.uint(memory.size);
      json.key("offset");
      json.uint(memory.offset);
      json.key("declared_at");
      json.begin_object(/*inline_layout=*/true);
      json.key("file");
      json.string(memory.declared_file);
      json.key("line");
      json.uint(memory.declared_line);
      json.end_object();
      break;
    case MemoryKind::kHeap:
      json.string("heap");
      json.key("address");
      json.hex_string(memory.address);
      json.key("size");
      json.uint(memory.size);
      json.key("offset");
      json.uint(memory.offset);
      json.key("allocated_by");
      json.uint(memory.allocated_by);
      json.key("allocation_stack");
      write_stack(json, memory.allocation_stack, sources);
      break;
    case MemoryKind::kStack:
      json.string("stack");
      json.key("thread");
      json.uint(memory.stack_of_thread);
      json.key("address");
      json.hex_string(memory.address);
      break;
    case MemoryKind::kDescriptor:
      json.string("descriptor");
      json.key("descriptor");
      json.uint(memory.descriptor);
      json.key("address");
      json.hex_string(memory.address);
      if (memory.allocation_stack.count != 0) {
        json.key("created_by");
        json.uint(memory.allocated_by);
        json.key("creation_stack");
        write_stack(json, memory.allocation_stack, sources);
      }
      break;
    case MemoryKind::kFile:
      json.string("file");
      if (memory.name != nullptr) {
        json.key("path");
        json.string(memory.name);
      }
      json.key("device");
      json.uint(memory.device);
      json.key("inode");
      json.uint(memory.inode);
      json.key("offset");
      json.uint(memory.offset);
      json.key("address");
      json.hex_string(memory.address);
      break;
    case MemoryKind::kUnknown:
      json.string("unknown");
      json.key("address");
      json.hex_string(memory.address);
      break;
  }
  if (memory.vtable_pointer) {
    json.key("vtable_pointer");
    json.boolean(true);
  }
  json.end_object();
}

void write_thread(JsonEmitter &json, const ThreadInfo &thread, SourceReader *sources) {
  json.begin_object();
  json.key("id");
  json.uint(thread.id);
  json.key("name");
  if (thread.name != nullptr) {
    json.string(thread.name);
  } else if (thread.created_by < 0) {
    json.string("main");
  } else {
    char name[16];
    BufferSink fallback(name, sizeof name);
    fallback.put_char('T');
    fallback.put_uint(thread.id);
    json.string(fallback.c_str());
  }
  json.key("created_by");
  json.int64(thread.created_by);
  json.key("creation_stack");
  write_stack(json, thread.creation_stack, sources);
  json.end_object();
}

void write_lock(JsonEmitter &json, const LockInfo &lock) {
  json.begin_object(/*inline_layout=*/true);
  json.key("address");
  json.hex_string(lock.address);
  if (lock.name != nullptr) {
    json.key("name");
    json.string(lock.name);
  }
  json.key("rwlock");
  json.boolean(lock.is_rwlock);
  if (lock.is_file_lock) {
    json.key("file_lock");
    json.boolean(true);
  }
  json.end_object();
}

void write_prediction(JsonEmitter &json, const RacePrediction &prediction, SourceReader *sources) {
  json.key("predicted");
  json.boolean(true);
  json.key("prediction");
  json.begin_object();
  json.key("confidence");
  json.string(prediction.certain ? "certain" : "likely");
  json.key("lock");
  write_lock(json, prediction.lock);
  json.key("released_by");
  json.uint(prediction.released_by);
  json.key("released_at");
  write_stack(json, prediction.released_at, sources);
  json.key("acquired_by");
  json.uint(prediction.acquired_by);
  json.key("acquired_at");
  write_stack(json, prediction.acquired_at, sources);
  json.end_object();
}

void write_edge(JsonEmitter &json, const LockOrderEdge &edge, SourceReader *sources) {
  json.begin_object();
  json.key("thread");
  json.uint(edge.thread);
  json.key("holds");
  json.uint(edge.held);
  json.key("requests");
  json.uint(edge.requested);
  json.key("held_for_read");
  json.boolean(edge.held_for_read);
  json.key("requested_for_read");
  json.boolean(edge.requested_for_read);
  json.key("held_at");
  write_stack(json, edge.held_at, sources);
  json.key("requested_at");
  write_stack(json, edge.requested_at, sources);
  json.key("observations");
  json.uint(edge.observations);
  json.key("reverse_observations");
  json.uint(edge.reverse_observations);
  if (edge.pid > 0) {
    json.key("pid");
    json.int64(edge.pid);
    json.key("command");
    json.string(edge.command);
  }
  json.end_object();
}

void write_coffman(JsonEmitter &json, const LockOrderCycle &cycle) {
  json.begin_object();
  for (CoffmanCondition condition : kCoffmanConditions) {
    json.key(coffman_condition_key(condition));
    json.begin_object();
    json.key("holds");
    json.boolean(coffman_condition_holds(cycle, condition));
    json.key("evidence");
    write_phrase(json, put_coffman_evidence, cycle, condition);
    json.end_object();
  }
  json.end_object();
}

void write_suggested_order(JsonEmitter &json, const LockOrderCycle &cycle) {
  json.begin_object();
  json.key("locks");
  json.begin_array(/*inline_layout=*/true);
  if (cycle.suggested_order != nullptr) {
    for (size_t i = 0; i < cycle.lock_count; ++i) json.uint(cycle.suggested_order[i]);
  }
  json.end_array();
  json.key("change_edge");
  json.uint(cycle.edge_to_change);
  json.key("following");
  json.uint(cycle.observations_following);
  json.key("against");
  json.uint(cycle.observations_against);
  json.key("advice");
  write_phrase(json, put_order_advice, cycle);
  json.end_object();
}

void write_threads(JsonEmitter &json, const ThreadInfo *threads, size_t count,
                   SourceReader *sources) {
  json.begin_array();
  if (threads != nullptr) {
    for (size_t i = 0; i < count; ++i) write_thread(json, threads[i], sources);
  }
  json.end_array();
}

void write_atomicity(JsonEmitter &json, const AtomicityViolation &violation,
                     SourceReader *sources) {
  json.key("accesses");
  json.begin_array();
  write_access(json, violation.read, sources);
  write_access(json, violation.interleaved, sources);
  write_access(json, violation.write, sources);
  json.end_array();
  json.key("observed");
  json.boolean(violation.observed);
  json.key("atomic");
  json.boolean(violation.on_atomic);
  json.key("lock");
  if (violation.on_atomic || violation.across_suspension)
    json.null();
  else
    write_lock(json, violation.lock);
  json.key("suspended_at");
  if (violation.across_suspension && violation.suspended_at != nullptr)
    write_frame(json, *violation.suspended_at, sources);
  else
    json.null();
  json.key("memory");
  write_memory(json, violation.memory, sources);
  json.key("threads");
  write_threads(json, violation.threads, violation.thread_count, sources);
  json.key("fix");
  json.string(violation.across_suspension
                  ? "do not hold a value read before a co_await across it: read again after "
                    "resuming, do the update without suspending in between, or hold a "
                    "coroutine-aware (async) mutex from the read to the write"
              : violation.on_atomic
                  ? "make the load and the store one atomic read-modify-write: fetch_add or a "
                    "compare_exchange loop that retries when the value changed"
                  : "make the read and the write one critical section: hold the lock from the "
                    "read (or the check) until the write (or the act) is done");
}

void write_cycle(JsonEmitter &json, const LockOrderCycle &cycle, SourceReader *sources) {
  json.key("locks");
  json.begin_array();
  if (cycle.locks != nullptr) {
    for (size_t i = 0; i < cycle.lock_count; ++i) write_lock(json, cycle.locks[i]);
  }
  json.end_array();
  json.key("edges");
  json.begin_array();
  if (cycle.edges != nullptr) {
    for (size_t i = 0; i < cycle.edge_count; ++i) write_edge(json, cycle.edges[i], sources);
  }
  json.end_array();
  json.key("coffman");
  write_coffman(json, cycle);
  json.key("suggested_order");
  write_suggested_order(json, cycle);
  json.key("threads");
  write_threads(json, cycle.threads, cycle.thread_count, sources);
}

void write_misuse(JsonEmitter &json, const MutexMisuse &misuse, SourceReader *sources) {
  json.key("what");
  json.string(mutex_misuse_kind_name(misuse.what));
  json.key("mutex");
  write_lock(json, misuse.mutex);
  json.key("thread");
  json.uint(misuse.thread);
  json.key("stack");
  write_stack(json, misuse.stack, sources);
  json.key("owner");
  json.int64(misuse.owner);
  json.key("locked_at");
  write_stack(json, misuse.locked_at, sources);
  json.key("last_unlocked_at");
  write_stack(json, misuse.last_unlocked_at, sources);
  json.key("threads");
  write_threads(json, misuse.threads, misuse.thread_count, sources);
}

// A join waits on no object: its `object` is null rather than a lock at address 0.
void write_blocked(JsonEmitter &json, const BlockedThread &blocked, SourceReader *sources) {
  json.begin_object();
  json.key("thread");
  json.uint(blocked.thread);
  json.key("what");
  json.string(wait_kind_name(blocked.what));
  json.key("object");
  if (blocked.what == WaitKind::kJoin) {
    json.null();
  } else {
    write_lock(json, blocked.object);
  }
  json.key("waits_for");
  json.int64(blocked.waits_for);
  json.key("stack");
  write_stack(json, blocked.stack, sources);
  json.key("holder_locked_at");
  write_stack(json, blocked.holder_locked_at, sources);
  json.key("locks_held");
  write_held_locks(json, blocked.locks_held, blocked.lock_count, sources);
  if (blocked.what == WaitKind::kFileLock) {
    json.key("holder_processes");
    json.begin_array();
    for (size_t i = 0; blocked.holders != nullptr && i < blocked.holder_count; ++i) {
      const ProcessWait &holder = blocked.holders[i];
      json.begin_object(/*inline_layout=*/true);
      json.key("pid");
      json.int64(holder.pid);
      json.key("command");
      json.string(holder.command);
      json.key("waits_for_lock");
      json.string(holder.waits_for_lock);
      json.end_object();
    }
    json.end_array();
    json.key("process_cycle");
    json.boolean(blocked.process_cycle);
  }
  json.end_object();
}

void write_deadlock(JsonEmitter &json, const Deadlock &deadlock, SourceReader *sources) {
  json.key("cycle");
  json.boolean(deadlock.is_cycle);
  json.key("blocked_ms");
  json.uint(deadlock.blocked_ms);
  json.key("blocked");
  json.begin_array();
  if (deadlock.blocked != nullptr) {
    for (size_t i = 0; i < deadlock.blocked_count; ++i)
      write_blocked(json, deadlock.blocked[i], sources);
  }
  json.end_array();
  json.key("threads");
  write_threads(json, deadlock.threads, deadlock.thread_count, sources);
}

}  // namespace

void write_stack_json(JsonEmitter &json, const Stack &stack, SourceReader *sources) {
  write_stack(json, stack, sources);
}

const char *tool_version() { return INTERLOCK_VERSION_STRING; }

void write_finding_json(JsonEmitter &json, const Finding &finding, SourceReader *sources) {
  json.begin_object();
  json.key("kind");
  json.string(finding_kind_name(finding.kind));

  json.key("key");
  char key[17];
  format_key(finding.key != 0 ? finding.key : finding_key(finding), key);
  json.string(key);

  json.key("summary");
  char summary[kMaxLineBytes];
  BufferSink summary_sink(summary, sizeof summary);
  write_summary(summary_sink, finding);
  json.string(summary_sink.c_str(), summary_sink.size());

  if (finding.kind == FindingKind::kDataRace && finding.race != nullptr) {
    const DataRace &race = *finding.race;
    json.key("accesses");
    json.begin_array();
    write_access(json, race.accesses[0], sources);
    write_access(json, race.accesses[1], sources);
    json.end_array();
    json.key("memory");
    write_memory(json, race.memory, sources);
    json.key("threads");
    write_threads(json, race.threads, race.thread_count, sources);
    if (race.note != nullptr) {
      json.key("note");
      json.string(race.note);
    }
    if (race.prediction != nullptr) write_prediction(json, *race.prediction, sources);
  } else if (finding.kind == FindingKind::kLockOrderCycle && finding.cycle != nullptr) {
    write_cycle(json, *finding.cycle, sources);
  } else if (finding.kind == FindingKind::kMutexMisuse && finding.misuse != nullptr) {
    write_misuse(json, *finding.misuse, sources);
  } else if (finding.kind == FindingKind::kDeadlock && finding.deadlock != nullptr) {
    write_deadlock(json, *finding.deadlock, sources);
  } else if (finding.kind == FindingKind::kAtomicityViolation && finding.atomicity != nullptr) {
    write_atomicity(json, *finding.atomicity, sources);
  }
  json.end_object();
}

namespace {

// The "tool" and "process" members a report and a journal header share.
void write_tool_and_process(JsonEmitter &json, const ProcessInfo &process) {
  json.key("tool");
  json.begin_object(/*inline_layout=*/true);
  json.key("name");
  json.string("interlock");
  json.key("version");
  json.string(tool_version());
  json.end_object();
  json.key("process");
  json.begin_object(/*inline_layout=*/true);
  json.key("pid");
  json.int64(process.pid);
  json.key("command");
  json.string(process.command != nullptr ? process.command : "");
  if (process.run_id != nullptr && process.run_id[0] != '\0') {
    json.key("run_id");
    json.string(process.run_id);
  }
  json.end_object();
}

}  // namespace

void write_journal_header(JsonEmitter &json, const ProcessInfo &process) {
  json.begin_object();
  json.key("interlock_journal");
  json.int64(1);
  json.key("schema_version");
  json.int64(kSchemaVersion);
  write_tool_and_process(json, process);
  json.end_object();
}

void JsonReportWriter::begin(const ProcessInfo &process) {
  json_.begin_object();
  json_.key("schema_version");
  json_.int64(kSchemaVersion);
  write_tool_and_process(json_, process);
  json_.key("findings");
  json_.begin_array();
}

void JsonReportWriter::add(const Finding &finding) { write_finding_json(json_, finding, sources_); }

void JsonReportWriter::end() {
  json_.end_array();
  json_.end_object();
  json_.finish();
}

}  // namespace interlock::report
