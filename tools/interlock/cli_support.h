// What every `interlock` subcommand shares: the one-line error and all-or-nothing output files.
//
// Contract: report_bad_input() prints exactly one line, "interlock: FILE:LINE: MESSAGE" (":LINE"
// only when known), on stderr and returns the bad-input exit status, so callers write
// `return report_bad_input(error);`. OutputFiles writes nothing until commit(): each file goes to
// a temporary name in its own directory and is renamed over the target only when every file of
// the batch was written, so a failure leaves no half-written or partial set of outputs.
// Thread-safety: none needed (single-threaded tool).
#ifndef INTERLOCK_TOOLS_INTERLOCK_CLI_SUPPORT_H
#define INTERLOCK_TOOLS_INTERLOCK_CLI_SUPPORT_H

#include <string>
#include <vector>

#include "detector/report/report_reader.h"

namespace interlock::cli {

constexpr int kExitClean = 0;
constexpr int kExitNewFindings = 1;
constexpr int kExitBadInput = 2;

// Where command-line mistakes are attributed in error lines.
constexpr const char *kCommandLine = "command line";

int report_bad_input(const report::InputError &error);

// A file the command reads or writes, with what it is to the command ("the --baseline file",
// "the -o output"), for error lines.
struct RoleOfPath {
  std::string path;
  std::string role;
};

// Refuses an output that is one of `inputs` (writing it would destroy what is being read) or the
// same file as another output (one would silently replace the other): returns false with `error`
// naming the output and both roles. Files that exist are compared by device and inode (so links
// and other spellings are caught), others by their absolute, normalized path.
bool outputs_are_distinct(const std::vector<RoleOfPath> &outputs,
                          const std::vector<RoleOfPath> &inputs, report::InputError *error);

// Writes `contents` to stdout; false (errno set) when any of it could not be written: a full
// disk, a closed stdout, EIO.
bool write_stdout(const std::string &contents);

class OutputFiles {
 public:
  void add(const std::string &path, std::string contents);
  // Writes and renames every file; on failure removes the temporaries, sets `error` (the file and
  // strerror) and returns false. Files renamed before a later rename failed cannot be restored;
  // they are complete. A target that exists and is not a regular file (/dev/null, /dev/stdout, a
  // FIFO) is written in place once every temporary is complete and before any is renamed: a
  // rename would replace the node itself, and a device that fails (/dev/full) leaves the regular
  // targets untouched.
  bool commit(report::InputError *error);

 private:
  struct Pending {
    std::string path;
    std::string contents;
    std::string temporary;
  };
  std::vector<Pending> pending_;
};

}  // namespace interlock::cli

#endif  // INTERLOCK_TOOLS_INTERLOCK_CLI_SUPPORT_H
