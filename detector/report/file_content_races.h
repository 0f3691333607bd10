// Data races on file contents between processes, joined from the file-event records each process
// writes next to its report (interlock.*.file-events, one JSON object per line; written by
// runtime/file_events.cpp, described in docs/report-format.md#file-event-records).
//
// Contract: add_text() takes one record file: a header line (interlock_file_events 1, pid,
// command, started, parent: null or {pid, seq}), then events (`e`: access, acquire, release,
// reaped, exit, truncated, each with its sequence number `seq` and CLOCK_MONOTONIC nanoseconds `t`) and the
// stacks accesses refer to (`e`: stack). Only whole lines count (a line cut short by a process's
// death is left out); a whole line that is not one of these is bad input.
//
// races() orders the events of all processes as the machine's clock did and builds a vector
// clock per process over them: a process's events in their sequence; a forked child after its
// parent's events up to the fork; a parent after a child it reaped; a process that began
// (header `started`) after another one recorded its normal exit (`exit`) after all of that one;
// and an acquisition of a file
// lock after every earlier release (by another process) of a lock of the same file and family
// whose range overlaps it, unless both were shared. Exclusive holds of one lock never overlap,
// and the runtime stamps an acquisition after the real call returned and a release before the
// real unlock, so "released before acquired" by the clock is the order the kernel gave them.
// A hold with no release recorded (the process ended holding it, or the kernel dropped it at a
// close the runtime did not see) ends at the process's last event. Two accesses of different
// processes to overlapping bytes of one file (device and inode), one a write, that this order
// leaves unordered are a `data-race` finding: each side names its process (pid, command line),
// thread, call, stack and byte range, the memory is the file (path, device, inode, first
// common byte). One finding per pair of sites. Nothing of a process whose record was cut short
// (`truncated`) is compared with accesses after that point; notes() says so.
//
// Tool-side (std, allocates). Thread-safety: none.
#ifndef INTERLOCK_DETECTOR_REPORT_FILE_CONTENT_RACES_H
#define INTERLOCK_DETECTOR_REPORT_FILE_CONTENT_RACES_H

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "detector/report/report_reader.h"

namespace interlock::report {

// A record file's name ends in .file-events.
bool is_file_event_name(const std::string &path);

class FileContentRaces {
 public:
  FileContentRaces();
  ~FileContentRaces();
  FileContentRaces(const FileContentRaces &) = delete;
  FileContentRaces &operator=(const FileContentRaces &) = delete;

  bool add_text(const std::string &name, const std::string &text, InputError *error);
  // The races between processes, as findings (JSON built by the report writer and read back).
  std::vector<LoadedFinding> races() const;
  // What races() could not look at (records cut short), one sentence each.
  std::vector<std::string> notes() const;
  std::size_t processes() const;

  struct Process;

 private:
  std::deque<Process> processes_;
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_FILE_CONTENT_RACES_H
