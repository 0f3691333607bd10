// `interlock run`: the one-line CI gate. See run.h for the contract and docs/ci.md for use.
#include "tools/interlock/run.h"

#include "detector/report/file_content_races.h"
#include "detector/report/file_lock_orders.h"
#include "tools/interlock/cli_support.h"
#include "tools/interlock/report_command.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace interlock::cli {
namespace {

namespace fs = std::filesystem;

// The runtime copies option values into fixed buffers (runtime/flags.h, kFlagStringCapacity).
constexpr size_t kRuntimeOptionValueCapacity = 511;

const char kUsage[] =
    "usage: interlock run [--report-dir DIR] [report options...] -- COMMAND [ARGS...]\n"
    "\n"
    "Runs COMMAND (a test program, ctest, a script) with INTERLOCK_OPTIONS extended by\n"
    "exitcode=0 (first, so yours wins), report_dir=DIR (absolute) and a fresh run_id (last),\n"
    "a relative suppressions= file of yours made absolute,\n"
    "so that every instrumented process it starts writes its report into DIR under this run's\n"
    "name; then prints the merged report of the files this run wrote (not other runs' in\n"
    "DIR), as 'interlock report' does with the same report options (--format, -o,\n"
    "--suppressions, --baseline, --write-baseline, --color).\n"
    "DIR: --report-dir, else the report_dir in INTERLOCK_OPTIONS, else a temporary folder\n"
    "removed afterwards. SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to it are passed to COMMAND.\n"
    "\n"
    "exit status: 0 clean; 1 new findings or COMMAND failed (named on stderr); 2 bad input,\n"
    "COMMAND not runnable or no report written; 128+N interrupted by signal N.\n";

// Lines that are not errors in the input: what happened to COMMAND.
void note(const std::string &message) {
  std::fprintf(stderr, "interlock run: %s\n", message.c_str());
}

int bad_input(const std::string &message) {
  return report_bad_input({kCommandLine, 0, message});
}

struct RunArguments {
  std::optional<std::string> report_dir;
  ReportOptions report;
  std::vector<char *> command;  // null-terminated, for posix_spawnp
  bool help = false;
};

// Report options are validated here, before COMMAND runs: a typo must not cost a test suite.
// Returns the exit status for a parse that ends the command (help, bad input), else -1.
int parse_arguments(int argc, char **argv, RunArguments &out) {
  int index = 1;
  while (index < argc) {
    const std::string argument = argv[index];
    if (argument == "--") break;
    if (argument == "-h" || argument == "--help") {
      std::fputs(kUsage, stdout);
      return kExitClean;
    }
    if (argument == "--report-dir" || argument.rfind("--report-dir=", 0) == 0) {
      std::string value;
      if (argument == "--report-dir") {
        if (index + 1 >= argc || std::strcmp(argv[index + 1], "--") == 0)
          return bad_input("option '--report-dir' needs a value");
        value = argv[index + 1];
        index += 2;
      } else {
        value = argument.substr(std::strlen("--report-dir="));
        index += 1;
      }
      if (value.empty()) return bad_input("option '--report-dir' needs a non-empty value");
      out.report_dir = value;
      continue;
    }
    report::InputError error;
    switch (parse_report_option(argc, argv, &index, &out.report, &error)) {
      case OptionParse::kParsed: continue;
      case OptionParse::kError: return report_bad_input(error);
      case OptionParse::kNotReportOption: break;
    }
    if (argument.size() > 1 && argument[0] == '-')
      return bad_input("unknown option '" + argument + "' (see 'interlock run --help')");
    return bad_input("unexpected argument '" + argument +
                     "' before '--' (the command to run goes after '--'; other report files "
                     "go to 'interlock report')");
  }
  // Outputs against the option inputs now, before COMMAND runs; against the reports it writes,
  // in run_report.
  if (report::InputError error; !report_outputs_are_distinct(out.report, {}, &error))
    return report_bad_input(error);
  if (index >= argc)
    return bad_input("no '--' before the command to run (see 'interlock run --help')");
  if (index + 1 >= argc) return bad_input("no command after '--' (see 'interlock run --help')");
  for (int j = index + 1; j < argc; j++) out.command.push_back(argv[j]);
  out.command.push_back(nullptr);
  return -1;
}

bool is_option_separator(char c) {
  return c == ':' || c == ' ' || c == '\t' || c == '\n' || c == ',';
}

// INTERLOCK_OPTIONS split into its items the way the runtime splits them (runtime/flags.cpp).
std::vector<std::string> option_items(const char *options) {
  std::vector<std::string> items;
  const std::string text = options ? options : "";
  size_t position = 0;
  while (position < text.size()) {
    while (position < text.size() && is_option_separator(text[position])) position++;
    size_t end = position;
    while (end < text.size() && !is_option_separator(text[end])) end++;
    if (end > position) items.push_back(text.substr(position, end - position));
    position = end;
  }
  return items;
}

// The last report_dir= in the user's INTERLOCK_OPTIONS: the runtime lets a later value win, and
// so do we.
std::optional<std::string> user_report_dir(const char *options) {
  std::optional<std::string> found;
  const std::string prefix = "report_dir=";
  for (const std::string &item : option_items(options))
    if (item.rfind(prefix, 0) == 0) found = item.substr(prefix.size());
  if (found && found->empty()) found.reset();
  return found;
}

// Where the reports go, made absolute: COMMAND (ctest above all) runs its processes in other
// working directories, and a relative report_dir would scatter the reports among them.
struct ReportDirectory {
  fs::path path;
  bool temporary = false;  // ours to remove afterwards
};

std::optional<ReportDirectory> prepare_report_directory(const std::optional<std::string> &asked) {
  ReportDirectory directory;
  std::error_code error;
  if (asked) {
    directory.path = fs::absolute(*asked, error);
    if (!error) fs::create_directories(directory.path, error);
    if (error || !fs::is_directory(directory.path)) {
      bad_input("cannot create report directory '" + *asked + "': " +
               (error ? error.message() : std::string("not a directory")));
      return std::nullopt;
    }
  } else {
    fs::path base = fs::temp_directory_path(error);
    if (error) base = "/tmp";
    std::string pattern = (base / "interlock-run.XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      bad_input("cannot create a temporary report directory in '" + base.string() +
               "': " + std::strerror(errno));
      return std::nullopt;
    }
    directory.path = pattern;
    directory.temporary = true;
  }
  directory.path = directory.path.lexically_normal();
  const std::string text = directory.path.string();
  for (char c : text) {
    if (is_option_separator(c)) {
      bad_input("report directory '" + text +
               "' cannot be passed in INTERLOCK_OPTIONS: it contains ':', ',' or white space");
      if (directory.temporary) fs::remove_all(directory.path, error);
      return std::nullopt;
    }
  }
  if (text.size() > kRuntimeOptionValueCapacity) {
    bad_input("report directory '" + text + "' is longer than the runtime accepts (" +
             std::to_string(kRuntimeOptionValueCapacity) + " characters)");
    if (directory.temporary) fs::remove_all(directory.path, error);
    return std::nullopt;
  }
  return directory;
}

// The user's INTERLOCK_OPTIONS with every relative suppressions= file made absolute, for the
// same reason as report_dir: COMMAND's processes run in other working directories, where the
// runtime would not find the file and would stop each of them with status 2. Items are split the
// way the runtime splits them and joined with ':'.
std::optional<std::string> with_absolute_paths(const char *user_options) {
  std::string result;
  const std::string prefix = "suppressions=";
  for (std::string item : option_items(user_options)) {
    if (item.rfind(prefix, 0) == 0 && item.size() > prefix.size() && item[prefix.size()] != '/') {
      std::error_code error;
      const fs::path absolute = fs::absolute(item.substr(prefix.size()), error).lexically_normal();
      const std::string path = absolute.string();
      if (error || std::any_of(path.begin(), path.end(), is_option_separator)) {
        bad_input("suppressions file '" + item.substr(prefix.size()) +
                  "' cannot be passed to COMMAND's processes as an absolute path" +
                  (error ? ": " + error.message() : std::string(": it contains ':', ',' or white space")));
        return std::nullopt;
      }
      item = prefix + path;
    }
    if (!result.empty()) result += ':';
    result += item;
  }
  return result;
}

// exitcode=0 comes first so a user's own exitcode= still wins; report_dir and run_id come last
// so ours do. Findings do not fail COMMAND's processes: the gate is the merged report, which knows the
// baseline and suppressions, while a test's own failure still fails COMMAND.
std::string child_options(const std::string &user_options, const fs::path &report_dir,
                          const std::string &run_id) {
  std::string options = "exitcode=0";
  if (!user_options.empty()) options += ":" + user_options;
  options += ":report_dir=" + report_dir.string() + ":run_id=" + run_id;
  return options;
}

// A fresh name for this run, put in INTERLOCK_OPTIONS as run_id: every process of COMMAND names
// its report file with it (runtime/report.cpp), so the run reads its own files and no other
// run's, even when both write into one directory at the same time.
std::string new_run_id() {
  std::random_device entropy;
  const uint64_t bits = (uint64_t(entropy()) << 32) ^ entropy();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits));
  return text;
}

// ---- COMMAND as a child process, with the signals we receive passed on to it ----

volatile sig_atomic_t g_child_pid = 0;
volatile sig_atomic_t g_received_signal = 0;
const int kForwardedSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void forward_signal(int signal_number, siginfo_t *info, void *) {
  g_received_signal = signal_number;
  // A terminal's ^C or ^\ already went to the whole foreground process group, COMMAND included;
  // sending it again would make a program that counts interrupts see two.
  if (info && info->si_code == SI_KERNEL) return;
  if (g_child_pid > 0) kill(static_cast<pid_t>(g_child_pid), signal_number);
}

class SignalForwarding {
 public:
  SignalForwarding() {
    struct sigaction action {};
    action.sa_sigaction = forward_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < std::size(kForwardedSignals); i++)
      sigaction(kForwardedSignals[i], &action, &previous_[i]);
  }
  ~SignalForwarding() {
    for (size_t i = 0; i < std::size(kForwardedSignals); i++)
      sigaction(kForwardedSignals[i], &previous_[i], nullptr);
    g_child_pid = 0;
  }
  SignalForwarding(const SignalForwarding &) = delete;
  SignalForwarding &operator=(const SignalForwarding &) = delete;

 private:
  struct sigaction previous_[std::size(kForwardedSignals)] {};
};

struct CommandOutcome {
  bool started = false;
  int wait_status = 0;
};

CommandOutcome run_child(std::vector<char *> &command, const std::string &options) {
  CommandOutcome outcome;
  std::vector<std::string> environment_text;
  for (char **variable = environ; *variable; variable++)
    if (std::strncmp(*variable, "INTERLOCK_OPTIONS=", 18) != 0)
      environment_text.push_back(*variable);
  environment_text.push_back("INTERLOCK_OPTIONS=" + options);
  std::vector<char *> environment;
  for (std::string &variable : environment_text) environment.push_back(variable.data());
  environment.push_back(nullptr);

  SignalForwarding forwarding;
  pid_t pid = 0;
  // posix_spawnp resets our handlers to the default in the child and reports exec failures.
  int error = posix_spawnp(&pid, command[0], nullptr, nullptr, command.data(), environment.data());
  if (error != 0) {
    bad_input(std::string("cannot run '") + command[0] + "': " + std::strerror(error));
    return outcome;
  }
  outcome.started = true;
  g_child_pid = pid;
  // A signal that arrived between installing the handlers and knowing the child's pid.
  if (g_received_signal) kill(pid, g_received_signal);
  while (waitpid(pid, &outcome.wait_status, 0) < 0) {
    if (errno != EINTR) {
      note(std::string("cannot wait for '") + command[0] + "': " + std::strerror(errno));
      outcome.wait_status = 0;
      break;
    }
  }
  return outcome;
}

std::string describe_failure(const char *command, int wait_status) {
  if (WIFSIGNALED(wait_status))
    return std::string("'") + command + "' was killed by signal " +
           std::to_string(WTERMSIG(wait_status)) + " (" + strsignal(WTERMSIG(wait_status)) + ")";
  return std::string("'") + command + "' exited with status " +
         std::to_string(WEXITSTATUS(wait_status));
}

bool command_failed(int wait_status) {
  return !WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0;
}

// What this run's processes wrote: interlock.<run_id>.<pid>.<token>.json, or the journal (.jsonl)
// of a process that did not live to write its JSON report, its file-lock order records
// (.file-locks) and file-event records (.file-events). Reports of earlier runs (or of another
// run writing into the same directory now) carry another run id.
std::vector<std::string> reports_written(const fs::path &directory, const std::string &run_id) {
  std::vector<std::string> paths;
  const std::string prefix = "interlock." + run_id + ".";
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::string path = it->path().string();
    const bool report = name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
    const bool journal = report::is_journal_name(name) && !report::journal_superseded(path);
    // Its processes' file-lock orders, for cycles between them.
    const bool file_lock_orders = report::is_file_lock_order_name(name);
    // And their file events, for races on file contents between them.
    const bool file_events = report::is_file_event_name(name);
    if (name.compare(0, prefix.size(), prefix) == 0 &&
        (report || journal || file_lock_orders || file_events) &&
        it->is_regular_file())
      paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

int run_command(int argc, char **argv) {
  RunArguments arguments;
  if (int status = parse_arguments(argc, argv, arguments); status >= 0) return status;

  const char *user_options = std::getenv("INTERLOCK_OPTIONS");
  const std::optional<std::string> passed_options = with_absolute_paths(user_options);
  if (!passed_options) return kExitBadInput;
  std::optional<std::string> asked_dir = arguments.report_dir;
  if (!asked_dir) asked_dir = user_report_dir(user_options);
  std::optional<ReportDirectory> directory = prepare_report_directory(asked_dir);
  if (!directory) return kExitBadInput;

  const std::string run_id = new_run_id();
  g_received_signal = 0;
  const CommandOutcome outcome =
      run_child(arguments.command, child_options(*passed_options, directory->path, run_id));
  const int interrupted_by = g_received_signal;
  std::fflush(stdout);

  int status = kExitBadInput;
  if (outcome.started) {
    const bool failed = command_failed(outcome.wait_status);
    // Said first and whatever follows: a failing test is the first thing a reader must see.
    if (failed) note(describe_failure(arguments.command[0], outcome.wait_status));
    arguments.report.paths = reports_written(directory->path, run_id);
    if (arguments.report.paths.empty()) {
      report_bad_input({directory->path.string(), 0,
                        "no Interlock report was written here: was the command built with "
                        "Interlock (interlock-cc, interlock-c++ or interlock_instrument())?"});
    } else {
      status = run_report(arguments.report);
      // A test that fails for its own reasons fails the run whatever the baseline and the
      // suppressions say about its findings.
      if (status == kExitClean && failed) status = kExitNewFindings;
    }
  }

  if (directory->temporary) {
    std::error_code ignored;
    fs::remove_all(directory->path, ignored);
  }
  if (interrupted_by) {
    note(std::string("interrupted by signal ") + std::to_string(interrupted_by) + " (" +
         strsignal(interrupted_by) + ")");
    return 128 + interrupted_by;
  }
  return status;
}

}  // namespace interlock::cli
