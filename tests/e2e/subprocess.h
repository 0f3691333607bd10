// Runs a child process to completion with extra environment variables, its output captured to
// files, and a wall-clock limit after which its whole process group is killed.
// Thread-safety: run_process forks; call it from one thread at a time.
#ifndef INTERLOCK_TESTS_E2E_SUBPROCESS_H
#define INTERLOCK_TESTS_E2E_SUBPROCESS_H

#include <string>
#include <utility>
#include <vector>

namespace interlock::e2e {

struct ProcessResult {
  bool started = false;     // false when fork/exec failed (see stderr_text)
  bool timed_out = false;
  int exit_status = -1;     // valid when exited normally
  int signal_number = 0;    // non-zero when killed by a signal
  int pid = 0;
  std::string stdout_text;
  std::string stderr_text;

  bool exited() const { return started && !timed_out && signal_number == 0; }
  std::string describe_status() const;  // "exit status 66", "killed by signal 11", "timed out"
};

struct ProcessRequest {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> environment;  // set on top of ours
  std::string output_prefix;  // stdout/stderr go to <prefix>.stdout / <prefix>.stderr
  int timeout_seconds = 60;
};

ProcessResult run_process(const ProcessRequest &request);

// The command line, shell-quoted, for messages a person can paste.
std::string quote_command(const std::vector<std::string> &argv);

std::string read_file(const std::string &path);

}  // namespace interlock::e2e

#endif  // INTERLOCK_TESTS_E2E_SUBPROCESS_H
