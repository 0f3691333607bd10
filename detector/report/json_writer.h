// The JSON report of docs/report-format.md (schema version 1).
//
// Contract: members are written in the order the format document lists them, so equal input
// gives byte-identical output. A frame's `file` is null when unknown, and its `source` member is
// present exactly when the SourceReader (which may be null) returns the line. A finding whose key
// is 0 gets finding_key() computed here. A lock-order cycle's Coffman evidence and advice are
// generated here from the model (describe.h), each cut at 2 KiB with a trailing "...". No allocation, no libstdc++: the runtime writes report
// files with this from inside the watched process. Thread-safety: one writer per thread.
#ifndef INTERLOCK_DETECTOR_REPORT_JSON_WRITER_H
#define INTERLOCK_DETECTOR_REPORT_JSON_WRITER_H

#include <stdint.h>

#include "detector/report/json_emitter.h"
#include "detector/report/report.h"
#include "detector/report/sink.h"
#include "detector/report/source_reader.h"

namespace interlock::report {

// The version string in the document's "tool" member.
const char *tool_version();

struct ProcessInfo {
  int64_t pid = 0;
  const char *command = nullptr;  // the program as started (argv[0] and arguments); may be null
  const char *run_id = nullptr;   // the runtime's run_id option (set by `interlock run`); may be null
};

// Writes the header object of a journal (a process's findings, one JSON object per line, as they
// are found; docs/report-format.md): interlock_journal and schema_version, tool and process.
void write_journal_header(JsonEmitter &json, const ProcessInfo &process);

// Writes a stack (an array of frames, innermost first) as the next value of `json`.
void write_stack_json(JsonEmitter &json, const Stack &stack, SourceReader *sources);

// Writes one finding object as the next value of `json`.
void write_finding_json(JsonEmitter &json, const Finding &finding, SourceReader *sources);

// Writes a whole report document: begin(), any number of add(), end().
class JsonReportWriter {
 public:
  JsonReportWriter(Sink &sink, SourceReader *sources, bool pretty = true)
      : json_(sink, pretty), sources_(sources) {}
  JsonReportWriter(const JsonReportWriter &) = delete;
  JsonReportWriter &operator=(const JsonReportWriter &) = delete;

  void begin(const ProcessInfo &process);
  void add(const Finding &finding);
  void end();

 private:
  JsonEmitter json_;
  SourceReader *sources_;
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_JSON_WRITER_H
