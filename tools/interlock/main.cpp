// `interlock`: the command-line tool. main() only dispatches to one function per subcommand,
// each in its own file; a subcommand receives argv starting at its own name.
#include <cstdio>
#include <cstring>

#include "cli_support.h"
#include "detector/report/json_writer.h"
#include "options_command.h"
#include "report_command.h"
#include "run.h"

namespace {

struct Subcommand {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
};

constexpr Subcommand kSubcommands[] = {
    {"report", interlock::cli::report_command,
     "merge report files, apply suppressions and a baseline, write text/JSON/SARIF/JUnit"},
    {"run", interlock::cli::run_command, "run a command under Interlock, then report and gate"},
    {"options", interlock::cli::options_command, "list every runtime option (INTERLOCK_OPTIONS)"},
};

void print_help(std::FILE *out) {
  std::fputs("usage: interlock COMMAND [ARGS...]\n\ncommands:\n", out);
  for (const Subcommand &command : kSubcommands)
    std::fprintf(out, "  %-9s %s\n", command.name, command.summary);
  std::fputs("\n'interlock COMMAND --help' describes one command.\n", out);
}

}  // namespace

int main(int argc, char **argv) {
  using interlock::cli::kCommandLine;
  if (argc < 2) {
    return interlock::cli::report_bad_input(
        {kCommandLine, 0, "no command given (see 'interlock --help')"});
  }
  const char *name = argv[1];
  if (std::strcmp(name, "-h") == 0 || std::strcmp(name, "--help") == 0 ||
      std::strcmp(name, "help") == 0) {
    print_help(stdout);
    return interlock::cli::kExitClean;
  }
  if (std::strcmp(name, "--version") == 0) {
    std::printf("interlock %s\n", interlock::report::tool_version());
    return interlock::cli::kExitClean;
  }
  for (const Subcommand &command : kSubcommands) {
    if (std::strcmp(name, command.name) == 0) return command.run(argc - 1, argv + 1);
  }
  return interlock::cli::report_bad_input(
      {kCommandLine, 0, std::string("unknown command '") + name + "' (see 'interlock --help')"});
}
