// `interlock report PATH... [options]`: merge, deduplicate, suppress, compare with a baseline and
// write text, JSON, SARIF or JUnit. Exit status: 0 nothing new, 1 new findings, 2 bad input (one
// line on stderr, nothing written).
//
// The option parser and run_report() are public so that `interlock run` accepts the same report
// options and gates the same way. Thread-safety: none needed (single-threaded tool).
#ifndef INTERLOCK_TOOLS_INTERLOCK_REPORT_COMMAND_H
#define INTERLOCK_TOOLS_INTERLOCK_REPORT_COMMAND_H

#include <cstdio>
#include <string>
#include <vector>

#include "detector/report/report_reader.h"

namespace interlock::cli {

struct ReportOptions {
  enum class Format { kText, kJson, kSarif, kJunit };
  enum class Color { kAuto, kAlways, kNever };

  Format format = Format::kText;
  Color color = Color::kAuto;
  std::string output;          // -o; empty means stdout
  std::string suppressions;    // --suppressions
  std::string baseline;        // --baseline
  std::string write_baseline;  // --write-baseline
  std::vector<std::string> paths;
};

enum class OptionParse { kNotReportOption, kParsed, kError };

// Looks at argv[*index]: when it is one of the report options above (as "--opt VALUE" or
// "--opt=VALUE"), stores it, advances *index past it and its value and returns kParsed; a bad or
// missing value gives kError with `error` set. Anything else gives kNotReportOption and leaves
// *index alone. Paths are not handled here.
OptionParse parse_report_option(int argc, char **argv, int *index, ReportOptions *options,
                                report::InputError *error);

// Refuses (false, `error` set) options whose -o or --write-baseline file is an input (the
// --suppressions or --baseline file, one of `report_files`) or both outputs are one file.
bool report_outputs_are_distinct(const ReportOptions &options,
                                 const std::vector<std::string> &report_files,
                                 report::InputError *error);

// Does the work for already-parsed options; returns the exit status.
int run_report(const ReportOptions &options);

// The subcommand: argv[0] is "report".
int report_command(int argc, char **argv);

void print_report_help(std::FILE *out);

}  // namespace interlock::cli

#endif  // INTERLOCK_TOOLS_INTERLOCK_REPORT_COMMAND_H
