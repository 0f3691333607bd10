#include "detector/report/json_writer.h"

#include "detector/report/key.h"
#include "detector/report/summary.h"

#ifndef INTERLOCK_VERSION_STRING
#define INTERLOCK_VERSION_STRING "0.1.0"
#endif

namespace interlock::report {

namespace {

// Longest source line or summary carried into a report; longer ones are cut.
constexpr size_t kMaxLineBytes = 1024;

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
  json.begin_array();
  if (access.locks_held != nullptr) {
    for (size_t i = 0; i < access.lock_count; ++i) {
      const HeldLock &lock = access.locks_held[i];
      json.begin_object();
      json.key("address");
      json.hex_string(lock.address);
      json.key("acquired_at");
      write_stack(json, lock.acquired_at, sources);
      json.end_object();
    }
  }
  json.end_array();
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
    case MemoryKind::kUnknown:
      json.string("unknown");
      json.key("address");
      json.hex_string(memory.address);
      break;
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

}  // namespace

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
    json.begin_array();
    if (race.threads != nullptr) {
      for (size_t i = 0; i < race.thread_count; ++i) write_thread(json, race.threads[i], sources);
    }
    json.end_array();
  }
  json.end_object();
}

void JsonReportWriter::begin(const ProcessInfo &process) {
  json_.begin_object();
  json_.key("schema_version");
  json_.int64(kSchemaVersion);
  json_.key("tool");
  json_.begin_object(/*inline_layout=*/true);
  json_.key("name");
  json_.string("interlock");
  json_.key("version");
  json_.string(tool_version());
  json_.end_object();
  json_.key("process");
  json_.begin_object(/*inline_layout=*/true);
  json_.key("pid");
  json_.int64(process.pid);
  json_.key("command");
  json_.string(process.command != nullptr ? process.command : "");
  json_.end_object();
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
