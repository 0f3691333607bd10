// Reading report files (docs/report-format.md) back into the report model, for the `interlock`
// tool: many files from many processes and runs, merged and deduplicated by key.
//
// Contract: a file is accepted exactly when schemas/interlock-report.schema.json accepts it and
// what the schema cannot say also holds (tests/schema/reader_agrees.py holds the reader to the
// schema): valid JSON, an object with `schema_version` 1, well-formed `tool` and `process` when
// present, and a `findings` array whose every element has a string `kind`, a 16-hex-digit `key`
// and a string `summary`; a `data-race` must also have the members the model needs (two
// accesses with stacks, memory, threads), and a `lock-order-cycle` its locks, one edge per lock
// with both stacks chained into a closed cycle, the four Coffman conditions, a suggested order
// that lists every lock once, and threads; a `mutex-misuse` its what, mutex, thread, non-empty
// stack, owner and the other two stacks (see mutex_misuse in the .cpp); a `deadlock` its cycle
// flag, blocked_ms, one or more blocked threads, each once, with a known wait, the object (null
// for a join), a waits_for that fits the wait and, in a cycle, names the next blocked thread, a
// non-empty stack, holder_locked_at and locks_held, and threads (see deadlock in the .cpp). A
// member that may be null (a frame's file) must still be there. Any other kind is carried
// through generically: its JSON is kept as read, and its frames (every array of objects with a
// `function` member) and `threads` are extracted so suppressions can still match it. `process`
// is optional, so the tool's own JSON output (which has no single process) reads back. A journal
// (interlock.*.jsonl, the findings of a process that did not live to write its report) holds the
// same findings one per line after a header line; see add_journal_text. The first problem found
// becomes an InputError naming the file and, where the JSON gives one, the line; nothing is
// added from a file that has one.
//
// Unlike the rest of detector/report this uses the standard library and allocates: it is for
// tools, never the runtime. Thread-safety: a ReportSet is not synchronized.
#ifndef INTERLOCK_DETECTOR_REPORT_REPORT_READER_H
#define INTERLOCK_DETECTOR_REPORT_REPORT_READER_H

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/report.h"
#include "detector/report/sink.h"
#include "detector/report/source_reader.h"
#include "detector/report/suppressions.h"

namespace interlock::report {

// One bad input: printed as "interlock: FILE:LINE: MESSAGE" (":LINE" only when line != 0).
struct InputError {
  std::string file;
  std::size_t line = 0;
  std::string message;
  std::string to_line() const;  // "FILE:LINE: MESSAGE" (without the "interlock: " prefix)
};

// One finding as read from a file. Owns everything the model's pointers refer to, so it is
// movable but not copyable (moving keeps the pointers valid: the storage lives on the heap).
class LoadedFinding {
 public:
  LoadedFinding();
  LoadedFinding(LoadedFinding &&) noexcept;
  LoadedFinding &operator=(LoadedFinding &&) noexcept;
  ~LoadedFinding();

  const std::string &kind() const;      // as written, e.g. "data-race" or a future kind
  uint64_t key() const;
  const std::string &key_text() const;  // the 16 hex digits
  const std::string &summary() const;
  const json::Value &json() const;      // the finding object as read

  // The model's view when the kind is one the model knows, else null.
  const Finding *model() const;
  // What suppression rules look at; valid for every kind.
  const SuppressionSubject &suppression_subject() const;
  // The finding's own stacks (the same as the subject's), innermost frame first, with the thread
  // each ran on: a race's two accesses; for a cycle, each edge's held_at then requested_at,
  // labelled "T1 acquired 'a' here" / "T1 requested 'b' here while holding 'a'"; for a deadlock,
  // each blocked thread's stack ("T2 blocked locking mutex 'b', held by thread T3"), then, when
  // known, where the holder took that lock ("T3 locked mutex 'b' here").
  struct ThreadStack {
    std::string label;    // e.g. "write by thread T2"
    uint32_t thread = 0;
    Stack stack;
  };
  const std::vector<ThreadStack> &thread_stacks() const;

  // Source text carried in the report's frames ("source"), by file and line.
  const std::map<std::pair<std::string, uint32_t>, std::string> &carried_sources() const;

  struct Storage;

 private:
  friend bool read_finding(const json::Value &, LoadedFinding *, std::string *);
  std::unique_ptr<Storage> storage_;
};

// Fills `out` from one finding object; on failure returns false with `problem` saying why.
bool read_finding(const json::Value &object, LoadedFinding *out, std::string *problem);

// A finding after merging: the first occurrence, how often and in how many processes it was seen.
struct MergedFinding {
  LoadedFinding finding;
  std::size_t occurrences = 0;
  std::set<std::string> processes;  // "<file>#<pid>", one per process that reported it
};

// A finding as the writers present it: merged, and known or new against the baseline.
struct ReportedFinding {
  const MergedFinding *merged = nullptr;
  bool known = false;  // its key is in the baseline
  const LoadedFinding &finding() const { return merged->finding; }
};

// A Sink that appends to a std::string (tool-side; allocates).
class StringSink final : public Sink {
 public:
  void write(const char *data, size_t size) override { text.append(data, size); }
  std::string text;
};

// A process whose journal was read because it wrote no JSON report: it never reached its normal
// exit (a crash, a kill, _exit).
struct UnfinishedProcess {
  std::string file;      // the journal
  int64_t pid = 0;       // 0 when even the header line was cut short
  std::string command;
  std::size_t findings = 0;
  bool cut_short = false;  // it died writing a line, which was left out
};

// Every finding of every file added, deduplicated by key in first-seen order.
class ReportSet {
 public:
  // Reads one report file, or a journal (a name ending in .jsonl). On failure returns false with
  // `error` set and adds nothing.
  bool add_file(const std::string &path, InputError *error);
  // Parses a report from memory (`name` is used in errors and process identities).
  bool add_text(const std::string &name, const std::string &text, InputError *error);
  // Parses a journal from memory (docs/report-format.md): a header line, then one finding per
  // line. Whatever state the process left it in is accepted: only whole lines (ended by '\n')
  // count, so a line cut short by the process's death is left out, and an empty or header-less
  // journal gives a process with no findings. A whole line that is not what it must be is bad
  // input. The process is listed in unfinished().
  bool add_journal_text(const std::string &name, const std::string &text, InputError *error);

  // A finding made from what several files said (a lock-order cycle between processes,
  // file_lock_orders.h; a race on a file's contents between processes, file_content_races.h),
  // merged as seen once by each of `processes`.
  void add_joined_finding(LoadedFinding finding, const std::set<std::string> &processes);

  const std::deque<MergedFinding> &findings() const { return findings_; }
  const std::vector<UnfinishedProcess> &unfinished() const { return unfinished_; }

 private:
  void merge(const std::string &process, std::vector<LoadedFinding> *loaded);

  std::deque<MergedFinding> findings_;
  std::map<uint64_t, std::size_t> index_by_key_;
  std::vector<UnfinishedProcess> unfinished_;
};

// Whether the file name `path` ends in `extension` (".jsonl") after at least one character.
bool has_extension(const std::string &path, const std::string &extension);
// A journal's file name ends in .jsonl (a report's in .json).
bool is_journal_name(const std::string &path);
// The process of this journal wrote its JSON report (the same name ending in .json), which holds
// every finding of the journal: the journal is a left-over, not to be read.
bool journal_superseded(const std::string &journal_path);

// Expands PATHs: a file is taken as is; a directory gives every `interlock.*.json` below it,
// every journal `interlock.*.jsonl` that no JSON report supersedes, every file-lock order
// record `interlock.*.file-locks` (file_lock_orders.h) and every file-event record
// `interlock.*.file-events` (file_content_races.h), recursively, in sorted order.
// A path that does not exist or cannot be read is an error.
bool collect_report_files(const std::vector<std::string> &paths, std::vector<std::string> *files,
                          InputError *error);

// Reads a whole file; false with `error` when it cannot be read.
bool read_whole_file(const std::string &path, std::string *contents, InputError *error);

// The C library's file operations, for the report writers and source reader in tools and tests
// (the runtime passes its raw system calls instead).
const FileIo &libc_file_io();

// A SourceReader for reports read back: a line carried in the report wins (the sources may not
// exist on the machine reading the report), otherwise the file is read from disk.
class CarriedSourceReader final : public SourceReader {
 public:
  explicit CarriedSourceReader(const LoadedFinding *finding)
      : finding_(finding), disk_(libc_file_io()) {}
  bool line(const char *file, uint32_t line_number, char *buffer, size_t capacity) override {
    return lookup(file, line_number, buffer, capacity);
  }

 private:
  bool lookup(const char *file, uint32_t line_number, char *buffer, size_t capacity);
  const LoadedFinding *finding_;
  RawFileSourceReader disk_;
};

// Replaces every byte that is not part of valid UTF-8 with U+FFFD, so that text from source
// files in other encodings cannot make the JSON, SARIF or XML output invalid.
std::string valid_utf8(const std::string &text);

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_REPORT_READER_H
