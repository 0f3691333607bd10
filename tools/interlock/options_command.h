// `interlock options`: every runtime option (INTERLOCK_OPTIONS) with its type, default and
// meaning, generated from runtime/flags.def, the list the runtime itself parses, so the two can
// never disagree. Thread-safety: none needed.
#ifndef INTERLOCK_TOOLS_INTERLOCK_OPTIONS_COMMAND_H
#define INTERLOCK_TOOLS_INTERLOCK_OPTIONS_COMMAND_H

#include <string>

namespace interlock::cli {

// The listing `interlock options` prints.
std::string runtime_options_listing();

// The subcommand: argv[0] is "options".
int options_command(int argc, char **argv);

}  // namespace interlock::cli

#endif  // INTERLOCK_TOOLS_INTERLOCK_OPTIONS_COMMAND_H
