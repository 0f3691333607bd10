// interlock_e2e_runner: compiles one test program, runs it, and checks what was reported against
// the program's own '// EXPECT:' lines (see expectations.h).
//
//   interlock_e2e_runner PROGRAM --cc INTERLOCK_CC --cxx INTERLOCK_CXX --work DIR
//       e2e: build with Interlock's wrapper, run with INTERLOCK_OPTIONS=report_dir=<fresh dir>,
//       check exit status (67 when a deadlock is expected, else 66 when anything is expected,
//       else 0), the findings, the report's structure, and the '// PRINTS:' texts in the
//       program's stdout.
//   interlock_e2e_runner PROGRAM --differential --tsan-cc CLANG --tsan-cxx CLANG++ --work DIR
//                        [--cc INTERLOCK_CC --cxx INTERLOCK_CXX]
//       differential: build with -fsanitize=thread; TSan's verdict must equal the expectation
//       (or, for 'TSAN: differs', must still differ from it). When the Interlock wrapper exists,
//       Interlock's verdict must equal TSan's (or the expectation, where TSan is known wrong).
//       A program that expects a deadlock is not run under TSan at all: TSan has no hang
//       detection, so the program would hang until killed (after printing, at best, the
//       lock-order inversion), costing the TSan timeout and proving nothing. Its expectation
//       says 'TSAN: differs' (expectations.cpp insists), and Interlock alone is checked against
//       the expectation, exit status 67 included.
//
//   --opt -On (either mode): compile with that optimization level last, after the program's
//       ARGS: the twins a program asks for with '// ALSO AT:'.
//   --env NAME=VALUE (either mode, repeatable): set in the environment of every run (the OpenMP
//       programs' OMP_NUM_THREADS, tests/e2e/openmp/CMakeLists.txt).
//   --tsan-options OPTIONS: appended to the TSan run's TSAN_OPTIONS.
//
// Exit status: 0 pass, 1 fail, 2 bad usage or malformed expectations.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "expectations.h"
#include "interlock_report.h"
#include "observation.h"
#include "subprocess.h"
#include "tsan_output.h"

namespace fs = std::filesystem;
using namespace interlock::e2e;

namespace {

constexpr int kReportedExitStatus = 66;
// What the runtime exits with after reporting a deadlock (its deadlock_exitcode option's
// default): distinct from 66 so that CI tells a hang from findings in a program that finished.
constexpr int kDeadlockExitStatus = 67;
constexpr int kRunTimeoutSeconds = 60;
// TSan runs get less: a TSan that breaks down (its deadlock detector's CHECK beyond 64 held
// locks) can hang instead of exiting, and a hung TSan run only has to show that TSan differs.
constexpr int kTsanRunTimeoutSeconds = 20;
constexpr int kTsanAttempts = 6;  // runs of a TSan build that disagrees before it counts
constexpr int kCompileTimeoutSeconds = 300;
constexpr size_t kStderrShown = 6000;

struct Options {
  std::string program;
  std::string interlock_cc, interlock_cxx;
  std::string tsan_cc, tsan_cxx;
  std::string work_dir;
  std::string opt_level;  // --opt: compiled with this level last (a program's "ALSO AT" twin)
  std::vector<std::pair<std::string, std::string>> environment;  // --env, for every run
  std::string tsan_options;  // --tsan-options, appended to TSAN_OPTIONS
  bool differential = false;
};

struct ToolRun {
  bool compiled = false;
  ProcessResult compile;
  ProcessResult run;
  Observation observation;
};

bool is_cxx(const std::string &path) {
  const std::string extension = fs::path(path).extension().string();
  return extension == ".cpp" || extension == ".cc" || extension == ".cxx";
}

std::string tail(const std::string &text, size_t limit) {
  if (text.size() <= limit) return text;
  return "[... " + std::to_string(text.size() - limit) + " bytes cut ...]\n" +
         text.substr(text.size() - limit);
}

// Builds `program` into `dir`/program with `compiler` and `mode_flags`, then runs it with
// `environment`. The report directory, when used, is made fresh by the caller.
ToolRun build_and_run(const Options &options, const std::string &compiler,
                      const std::vector<std::string> &mode_flags,
                      const Expectations &expectations, const std::string &dir,
                      const std::vector<std::pair<std::string, std::string>> &environment,
                      int run_timeout_seconds) {
  ToolRun result;
  fs::create_directories(dir);
  const std::string executable = dir + "/program";
  std::vector<std::string> compile_argv = {compiler};
  compile_argv.insert(compile_argv.end(), mode_flags.begin(), mode_flags.end());
  compile_argv.push_back("-O1");
  compile_argv.insert(compile_argv.end(), expectations.extra_compile_flags.begin(),
                      expectations.extra_compile_flags.end());
  if (!options.opt_level.empty()) compile_argv.push_back(options.opt_level);
  compile_argv.insert(compile_argv.end(), {options.program, "-o", executable, "-pthread"});
  result.compile = run_process({compile_argv, {}, dir + "/compile", kCompileTimeoutSeconds});
  result.compiled = result.compile.exited() && result.compile.exit_status == 0;
  if (!result.compiled) {
    result.observation.problems.push_back(
        "compilation failed (" + result.compile.describe_status() + "): " +
        quote_command(compile_argv) + "\n" + tail(result.compile.stderr_text, kStderrShown));
    return result;
  }
  result.run = run_process({{executable}, environment, dir + "/run", run_timeout_seconds});
  return result;
}

ToolRun run_interlock(const Options &options, const Expectations &expectations) {
  const std::string dir = options.work_dir + "/interlock";
  const std::string report_dir = dir + "/reports";
  std::error_code ignored;
  fs::remove_all(report_dir, ignored);
  fs::create_directories(report_dir);
  const std::string &compiler = is_cxx(options.program) ? options.interlock_cxx
                                                        : options.interlock_cc;
  std::string runtime_options = "report_dir=" + report_dir;
  if (!expectations.interlock_options.empty())
    runtime_options += ":" + expectations.interlock_options;
  std::vector<std::pair<std::string, std::string>> environment = options.environment;
  environment.emplace_back("INTERLOCK_OPTIONS", runtime_options);
  ToolRun result = build_and_run(options, compiler, {}, expectations, dir, environment,
                                 kRunTimeoutSeconds);
  if (!result.compiled) return result;
  if (!result.run.exited()) {
    std::string problem = "the program " + result.run.describe_status();
    if (result.run.timed_out && expectations.deadlock)
      problem += ": the expected deadlock was not reported, the program hung";
    result.observation.problems.push_back(problem);
    return result;
  }
  Observation observed =
      observe_interlock_report(report_dir, result.run.pid, options.program);
  observed.problems.insert(observed.problems.begin(), result.observation.problems.begin(),
                           result.observation.problems.end());
  result.observation = observed;
  return result;
}

ToolRun run_tsan(const Options &options, const Expectations &expectations) {
  const std::string &compiler = is_cxx(options.program) ? options.tsan_cxx : options.tsan_cc;
  // detect_deadlocks is on by default in clang-14; spelled out because lock-order programs
  // compare TSan's lock-order-inversion reports with Interlock's lock-order cycles.
  std::string tsan_options =
      "exitcode=66:halt_on_error=0:report_signal_unsafe=0:detect_deadlocks=1";
  if (!options.tsan_options.empty()) tsan_options += ":" + options.tsan_options;
  std::vector<std::pair<std::string, std::string>> environment = options.environment;
  environment.emplace_back("TSAN_OPTIONS", tsan_options);
  ToolRun result = build_and_run(options, compiler, {"-fsanitize=thread", "-g"}, expectations,
                                 options.work_dir + "/tsan", environment,
                                 kTsanRunTimeoutSeconds);
  if (!result.compiled) return result;
  Observation observed = observe_tsan_run(result.run, options.program);
  result.observation = observed;
  return result;
}

// The exit status a run must have for its findings: 66 when anything was reported, 67 when the
// program was ended by a deadlock (whatever else was reported before it).
std::optional<std::string> check_exit_status(const ToolRun &run, bool expect_findings,
                                             bool expect_deadlock = false) {
  if (!run.compiled || !run.run.exited()) return std::nullopt;  // reported as a problem already
  const int wanted =
      expect_deadlock ? kDeadlockExitStatus : expect_findings ? kReportedExitStatus : 0;
  if (run.run.exit_status == wanted) return std::nullopt;
  std::string message = "exit status " + std::to_string(run.run.exit_status) + ", expected " +
                        std::to_string(wanted);
  if (expect_deadlock) message += " (a deadlock ends the program with deadlock_exitcode)";
  return message;
}

// A program ends at its first deadlock: more than one deadlock finding is a runtime bug, which
// compare_with_expectations would only call "unexpected" when the lines differ.
std::optional<std::string> check_one_deadlock(const Observation &observation) {
  const auto count = std::count_if(observation.findings.begin(), observation.findings.end(),
                                   [](const ObservedFinding &f) { return f.kind == "deadlock"; });
  if (count <= 1) return std::nullopt;
  return std::to_string(count) + " deadlock findings, expected exactly one";
}

void print_run(const std::string &tool, const ToolRun &run) {
  std::cout << "--- " << tool << ": " << run.observation.findings.size() << " finding(s)";
  if (run.compiled) std::cout << ", program " << run.run.describe_status();
  std::cout << "\n";
  for (const ObservedFinding &finding : run.observation.findings)
    std::cout << "    " << describe(finding) << "\n        " << finding.summary << "\n";
  for (const std::string &problem : run.observation.problems)
    std::cout << "    problem: " << problem << "\n";
  if (run.compiled && !run.run.stderr_text.empty())
    std::cout << "--- " << tool << " program stderr:\n" << tail(run.run.stderr_text, kStderrShown);
}

void print_expectations(const Expectations &expectations) {
  std::cout << "--- expected:";
  if (expectations.silent) std::cout << " silent";
  std::cout << "\n";
  for (const ExpectedFinding &finding : expectations.findings)
    std::cout << "    " << describe(finding) << "\n";
}

void add_all(std::vector<std::string> *to, const std::vector<std::string> &from,
             const std::string &prefix) {
  for (const std::string &item : from) to->push_back(prefix + item);
}

int finish(const Options &options, const std::vector<std::string> &failures,
           const std::vector<std::pair<std::string, const ToolRun *>> &runs,
           const Expectations &expectations, const std::string &mode) {
  if (failures.empty()) {
    std::cout << "PASS " << mode << " " << options.program << "\n";
    for (const auto &[tool, run] : runs)
      std::cout << "    " << tool << ": " << run->observation.findings.size() << " finding(s)\n";
    return 0;
  }
  std::cout << "FAIL " << mode << " " << options.program << "\n";
  for (const std::string &failure : failures) std::cout << "  * " << failure << "\n";
  print_expectations(expectations);
  for (const auto &[tool, run] : runs) print_run(tool, *run);
  return 1;
}

int run_e2e(const Options &options, const Expectations &expectations) {
  const ToolRun interlock = run_interlock(options, expectations);
  std::vector<std::string> failures;
  add_all(&failures, interlock.observation.problems, "");
  if (auto status = check_exit_status(interlock, !expectations.silent, expectations.deadlock))
    failures.push_back(*status);
  if (auto deadlocks = check_one_deadlock(interlock.observation))
    failures.push_back("interlock: " + *deadlocks);
  if (interlock.compiled && interlock.run.exited()) {
    for (const std::string &text : expectations.prints) {
      if (interlock.run.stdout_text.find(text) == std::string::npos)
        failures.push_back("the program's stdout lacks '" + text + "' (it did not go on?)");
    }
  }
  if (interlock.compiled && interlock.run.exited())
    add_all(&failures,
            compare_with_expectations(expectations.findings, interlock.observation.findings),
            "interlock: ");
  return finish(options, failures, {{"interlock", &interlock}}, expectations, "e2e");
}

// The differential check of a program that expects a deadlock: TSan is not run (see the top of
// this file); Interlock, when its wrapper exists, must meet the expectation as in e2e mode.
int run_deadlock_differential(const Options &options, const Expectations &expectations,
                              bool have_interlock) {
  std::cout << "note: not run under TSan, which has no hang detection (TSAN: differs "
            << expectations.tsan_differs_reason << ")\n";
  std::vector<std::string> failures;
  std::vector<std::pair<std::string, const ToolRun *>> runs;
  ToolRun interlock;
  if (have_interlock) {
    interlock = run_interlock(options, expectations);
    runs.push_back({"interlock", &interlock});
    add_all(&failures, interlock.observation.problems, "interlock: ");
    if (auto status = check_exit_status(interlock, true, true))
      failures.push_back("interlock: " + *status);
    if (auto deadlocks = check_one_deadlock(interlock.observation))
      failures.push_back("interlock: " + *deadlocks);
    if (interlock.compiled && interlock.run.exited())
      add_all(&failures,
              compare_with_expectations(expectations.findings, interlock.observation.findings),
              "interlock: ");
  } else {
    std::cout << "note: no Interlock wrapper at '" << options.interlock_cc
              << "': nothing to check\n";
  }
  return finish(options, failures, runs, expectations, "differential");
}

int run_differential(const Options &options, const Expectations &expectations) {
  const bool have_interlock = !options.interlock_cc.empty() && fs::exists(options.interlock_cc) &&
                              fs::exists(options.interlock_cxx);
  if (expectations.deadlock)
    return run_deadlock_differential(options, expectations, have_interlock);
  // clang-14's TSan misses some races with a thread that has already exited when the other
  // access comes (global_write_read_race_O0 on a busy machine: 3 runs in 60 silent, none when
  // the worker is kept alive past main's read; annotate_ignore_nesting_race: none in 200 alone,
  // about 1 in 4 with three programs sharing two CPUs). Busy machines make such schedules common
  // (ctest -j2 on two CPUs), so where TSan is expected to agree, a run that disagrees is tried
  // again, up to kTsanAttempts runs in all. Likewise, where a note says TSan differs, a run in
  // which it happens to agree is tried again: its false alarms depend on the schedule too, and a
  // note is stale only if TSan agrees in every run.
  // A note saying TSan is wrong only in some schedules ("... when <schedule>") cannot go stale.
  const bool schedule_dependent =
      expectations.tsan_differs_reason.find(" when ") != std::string::npos;
  ToolRun tsan;
  std::vector<std::string> tsan_vs_expected;
  std::optional<std::string> tsan_status;
  bool tsan_agrees = false;
  for (int attempt = 1; attempt <= kTsanAttempts; attempt++) {
    tsan = run_tsan(options, expectations);
    tsan_vs_expected = compare_with_expectations(expectations.findings, tsan.observation.findings);
    tsan_status = check_exit_status(tsan, !expectations.silent);
    tsan_agrees = tsan.observation.problems.empty() && tsan_vs_expected.empty() && !tsan_status;
    const bool settled = expectations.tsan_differs ? !tsan_agrees || schedule_dependent
                                                   : tsan_agrees;
    if (!tsan.compiled || settled || attempt == kTsanAttempts) break;
    std::cout << "note: TSan run " << attempt << " of " << kTsanAttempts
              << (tsan_agrees ? " agrees with the expectation although a note says it differs"
                              : " disagrees with the expectation")
              << "; running it again\n";
  }
  std::vector<std::string> failures;
  if (!tsan.compiled) add_all(&failures, tsan.observation.problems, "tsan: ");

  if (tsan.compiled && !expectations.tsan_differs && !tsan_agrees) {
    add_all(&failures, tsan.observation.problems, "tsan: ");
    add_all(&failures, tsan_vs_expected, "tsan: ");
    if (tsan_status) failures.push_back("tsan: " + *tsan_status);
  }
  if (tsan.compiled && expectations.tsan_differs && tsan_agrees && !schedule_dependent)
    failures.push_back("TSan now agrees with the expectation: the note 'TSAN: differs " +
                       expectations.tsan_differs_reason + "' is stale");

  std::vector<std::pair<std::string, const ToolRun *>> runs = {{"tsan", &tsan}};
  ToolRun interlock;
  if (have_interlock) {
    interlock = run_interlock(options, expectations);
    runs.push_back({"interlock", &interlock});
    add_all(&failures, interlock.observation.problems, "interlock: ");
    if (interlock.compiled && interlock.run.exited() && interlock.observation.problems.empty()) {
      if (expectations.tsan_differs) {
        // TSan is known wrong here: Interlock must match the expectation instead.
        add_all(&failures,
                compare_with_expectations(expectations.findings, interlock.observation.findings),
                "interlock: ");
      } else if (tsan_agrees) {
        add_all(&failures, compare_observations(tsan.observation, interlock.observation), "");
      }
    }
  } else {
    std::cout << "note: no Interlock wrapper at '" << options.interlock_cc
              << "': checked TSan against the expectations only\n";
  }
  return finish(options, failures, runs, expectations, "differential");
}

std::optional<Options> parse_arguments(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string *into) {
      if (i + 1 >= argc) return false;
      *into = argv[++i];
      return true;
    };
    bool ok = true;
    if (arg == "--cc") ok = value(&options.interlock_cc);
    else if (arg == "--cxx") ok = value(&options.interlock_cxx);
    else if (arg == "--tsan-cc") ok = value(&options.tsan_cc);
    else if (arg == "--tsan-cxx") ok = value(&options.tsan_cxx);
    else if (arg == "--work") ok = value(&options.work_dir);
    else if (arg == "--opt") ok = value(&options.opt_level) && options.opt_level.rfind("-O", 0) == 0;
    else if (arg == "--differential") options.differential = true;
    else if (arg == "--tsan-options") ok = value(&options.tsan_options);
    else if (arg == "--env") {
      std::string assignment;
      const size_t equals = value(&assignment) ? assignment.find('=') : std::string::npos;
      ok = equals != std::string::npos && equals > 0;
      if (ok) options.environment.emplace_back(assignment.substr(0, equals),
                                               assignment.substr(equals + 1));
    }
    else if (!arg.empty() && arg[0] != '-' && options.program.empty()) options.program = arg;
    else ok = false;
    if (!ok) {
      std::cerr << "interlock_e2e_runner: bad argument '" << arg << "'\n";
      return std::nullopt;
    }
  }
  const bool missing_compilers =
      options.differential ? (options.tsan_cc.empty() || options.tsan_cxx.empty())
                           : (options.interlock_cc.empty() || options.interlock_cxx.empty());
  if (options.program.empty() || options.work_dir.empty() || missing_compilers) {
    std::cerr << "usage: interlock_e2e_runner PROGRAM --cc CC --cxx CXX --work DIR [--opt -On]\n"
                 "       interlock_e2e_runner PROGRAM --differential --tsan-cc CC --tsan-cxx CXX"
                 " --work DIR [--cc CC --cxx CXX] [--opt -On]\n"
                 "       (either mode: [--env NAME=VALUE]...; differential: [--tsan-options OPTS])\n";
    return std::nullopt;
  }
  return options;
}

}  // namespace

int main(int argc, char **argv) {
  std::optional<Options> options = parse_arguments(argc, argv);
  if (!options) return 2;
  std::error_code error;
  options->program = fs::absolute(options->program, error).string();
  options->work_dir = fs::absolute(options->work_dir, error).string();
  if (!fs::is_regular_file(options->program)) {
    std::cerr << "interlock_e2e_runner: no such program: " << options->program << "\n";
    return 2;
  }
  std::string problem;
  const std::optional<Expectations> expectations =
      parse_expectations(read_file(options->program), &problem);
  if (!expectations) {
    std::cerr << options->program << ": " << problem << "\n";
    return 2;
  }
  return options->differential ? run_differential(*options, *expectations)
                               : run_e2e(*options, *expectations);
}
