// Lock-order cycles between processes, joined from the file-lock order records each process
// writes next to its report (interlock.*.file-locks, one JSON object per line; written by
// runtime/file_lock_edges.cpp, described in docs/report-format.md#file-lock-order-records).
//
// Contract: add_text() takes one record file; whole lines only (a line cut short by a process's
// death is left out), each an object with interlock_file_lock_order 1, pid, command, thread, held
// and requested locks (dev, ino, family, start, end, name, mode), held_at and requested_at stacks
// and also_held. A whole line that is not that is bad input. cycles() runs the lock-order graph
// of detector/deadlock over every record (each process's thread a thread of its own; a lock is
// the file's device and inode, the family and the byte range) and returns the cycles whose edges
// came from two or more processes (a cycle inside one process its own report has already) as
// `lock-order-cycle` findings: each edge names its process (pid, command line), its locks are
// file locks named by path and range.
//
// Tool-side (std, allocates). Thread-safety: none.
#ifndef INTERLOCK_DETECTOR_REPORT_FILE_LOCK_ORDERS_H
#define INTERLOCK_DETECTOR_REPORT_FILE_LOCK_ORDERS_H

#include <deque>
#include <string>
#include <vector>

#include "detector/report/report_reader.h"

namespace interlock::report {

// A record file's name ends in .file-locks.
bool is_file_lock_order_name(const std::string &path);

class FileLockOrders {
 public:
  FileLockOrders();
  ~FileLockOrders();
  FileLockOrders(const FileLockOrders &) = delete;
  FileLockOrders &operator=(const FileLockOrders &) = delete;

  bool add_text(const std::string &name, const std::string &text, InputError *error);
  // The cycles between processes, as findings (JSON built by the report writer and read back).
  std::vector<LoadedFinding> cycles() const;
  std::size_t records() const;

  struct Record;
  struct Lock;

 private:
  // A deque: records never move, so their frames keep pointing into their own strings.
  std::deque<Record> records_;
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_FILE_LOCK_ORDERS_H
