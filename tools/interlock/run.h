// `interlock run`: runs a command under Interlock's runtime options, then reports and gates.
#ifndef INTERLOCK_TOOLS_INTERLOCK_RUN_H
#define INTERLOCK_TOOLS_INTERLOCK_RUN_H

// `interlock run [--report-dir DIR] [report options...] -- COMMAND [ARGS...]`
//
// Contract: argv[0] is the subcommand's name ("run"), argv[1..argc) its arguments, as the
// dispatcher in main.cpp passes them. Runs COMMAND with INTERLOCK_OPTIONS extended so that every
// instrumented process it spawns writes its JSON report into DIR (an absolute path; a fresh
// temporary folder, removed afterwards, when neither --report-dir nor the user's own
// `report_dir=` names one), waits for it, then prints the merged report of the files this run
// wrote, exactly as `interlock report` with the same report options would.
//
// Returns the process exit status: 0 clean; 1 new findings, or COMMAND failed (its status is
// named on stderr); 2 bad input (arguments, COMMAND not runnable, no report written, or what
// `interlock report` rejects); 128+N when the run was interrupted by signal N. docs/ci.md has
// the full table. Not thread-safe: installs process-wide signal handlers while COMMAND runs.
namespace interlock::cli {

int run_command(int argc, char **argv);

}  // namespace interlock::cli

#endif  // INTERLOCK_TOOLS_INTERLOCK_RUN_H
