#include "report_command.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

#include "cli_support.h"
#include "detector/report/baseline.h"
#include "detector/report/file_content_races.h"
#include "detector/report/file_lock_orders.h"
#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "detector/report/junit_writer.h"
#include "detector/report/sarif_writer.h"
#include "detector/report/suppressions.h"
#include "text_output.h"

namespace interlock::cli {

namespace {

using report::InputError;

struct Suppressions {
  std::string text;  // the rules point into it
  std::vector<report::SuppressionRule> rules;
};

bool load_suppressions(const std::string &path, Suppressions *out, InputError *error) {
  if (!report::read_whole_file(path, &out->text, error)) return false;
  // A file of L lines has at most L rules, so this capacity never runs out.
  const size_t capacity =
      1 + static_cast<size_t>(std::count(out->text.begin(), out->text.end(), '\n'));
  out->rules.resize(capacity);
  size_t count = 0;
  report::SuppressionError problem;
  if (!report::parse_suppressions(out->text.data(), out->text.size(), out->rules.data(), capacity,
                                  &count, &problem)) {
    *error = {path, problem.line, problem.message};
    return false;
  }
  out->rules.resize(count);
  return true;
}

// The document is assembled as a DOM so that a kind the model does not know is passed on exactly
// as read (numbers of any form included); a modelled finding goes through the runtime's writer
// (so the output is in the runtime's schema) and is read back into the DOM.
std::string render_json(const std::vector<report::ReportedFinding> &findings) {
  json::Value list = json::Value::array();
  for (const report::ReportedFinding &reported : findings) {
    const report::LoadedFinding &finding = reported.finding();
    if (finding.model() == nullptr) {
      list.push_back(finding.json());
      continue;
    }
    report::StringSink sink;
    report::JsonEmitter emitter(sink, /*pretty=*/false);
    report::CarriedSourceReader sources(&finding);
    report::write_finding_json(emitter, *finding.model(), &sources);
    std::optional<json::Value> written = json::parse(sink.text);
    list.push_back(written ? std::move(*written) : finding.json());
  }
  json::Value tool = json::Value::object();
  tool.set("name", "interlock");
  tool.set("version", report::tool_version());
  json::Value document = json::Value::object();
  document.set("schema_version", report::kSchemaVersion);
  document.set("tool", std::move(tool));
  document.set("findings", std::move(list));
  return json::serialize(document, /*pretty=*/true) + "\n";
}

bool use_color(const ReportOptions &options) {
  switch (options.color) {
    case ReportOptions::Color::kAlways: return true;
    case ReportOptions::Color::kNever: return false;
    case ReportOptions::Color::kAuto: break;
  }
  const char *no_color = std::getenv("NO_COLOR");
  return options.output.empty() && ::isatty(STDOUT_FILENO) &&
         (no_color == nullptr || *no_color == '\0');
}

// "--name VALUE" or "--name=VALUE"; *index is advanced past what was consumed.
bool option_value(int argc, char **argv, int *index, const char *name, std::string *value,
                  InputError *error, bool *matched) {
  const char *arg = argv[*index];
  const size_t length = std::strlen(name);
  *matched = false;
  if (std::strncmp(arg, name, length) != 0) return true;
  if (arg[length] == '=') {
    *matched = true;
    *value = arg + length + 1;
    ++*index;
  } else if (arg[length] == '\0') {
    *matched = true;
    if (*index + 1 >= argc) {
      *error = {kCommandLine, 0, std::string("option '") + name + "' needs a value"};
      return false;
    }
    *value = argv[*index + 1];
    *index += 2;
  } else {
    return true;
  }
  if (value->empty()) {
    *error = {kCommandLine, 0, std::string("option '") + name + "' needs a non-empty value"};
    return false;
  }
  return true;
}

// One line per process that ended abnormally (its journal was read instead of a JSON report), so
// that a crash or a kill is not mistaken for a clean end. On stderr: the report on stdout (or in
// -o) keeps its format.
void note_unfinished(const report::UnfinishedProcess &process) {
  // A journal is begun for a first finding, and each line is written before its finding is
  // printed: what is lost with a cut line was never shown either.
  std::string line = "interlock: note: ";
  if (process.pid == 0) {
    line += "a process ended abnormally while it began its journal " + process.file +
            "; the finding it was reporting is lost";
  } else {
    line += "process " + std::to_string(process.pid) + " (" + process.command +
            ") ended abnormally (crashed, killed or _exit) before writing its JSON report; " +
            std::to_string(process.findings) + (process.findings == 1 ? " finding" : " findings") +
            " read from its journal " + process.file;
    if (process.cut_short) line += " (the one it was writing when it ended is lost)";
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace

bool report_outputs_are_distinct(const ReportOptions &options,
                                 const std::vector<std::string> &report_files,
                                 InputError *error) {
  std::vector<RoleOfPath> outputs, inputs;
  if (!options.output.empty()) outputs.push_back({options.output, "the -o output"});
  if (!options.write_baseline.empty())
    outputs.push_back({options.write_baseline, "the --write-baseline output"});
  if (!options.suppressions.empty())
    inputs.push_back({options.suppressions, "the --suppressions file"});
  if (!options.baseline.empty()) inputs.push_back({options.baseline, "the --baseline file"});
  for (const std::string &file : report_files)
    inputs.push_back({file, "the input report '" + file + "'"});
  return outputs_are_distinct(outputs, inputs, error);
}

OptionParse parse_report_option(int argc, char **argv, int *index, ReportOptions *options,
                                InputError *error) {
  struct PathOption {
    const char *name;
    std::string ReportOptions::*field;
  };
  static const PathOption kPathOptions[] = {
      {"-o", &ReportOptions::output},
      {"--output", &ReportOptions::output},
      {"--suppressions", &ReportOptions::suppressions},
      {"--baseline", &ReportOptions::baseline},
      {"--write-baseline", &ReportOptions::write_baseline},
  };
  bool matched = false;
  for (const PathOption &option : kPathOptions) {
    if (!option_value(argc, argv, index, option.name, &(options->*option.field), error, &matched))
      return OptionParse::kError;
    if (matched) return OptionParse::kParsed;
  }
  std::string value;
  if (!option_value(argc, argv, index, "--format", &value, error, &matched))
    return OptionParse::kError;
  if (matched) {
    if (value == "text") {
      options->format = ReportOptions::Format::kText;
    } else if (value == "json") {
      options->format = ReportOptions::Format::kJson;
    } else if (value == "sarif") {
      options->format = ReportOptions::Format::kSarif;
    } else if (value == "junit") {
      options->format = ReportOptions::Format::kJunit;
    } else {
      *error = {kCommandLine, 0,
                "unknown --format '" + value + "' (expected text, json, sarif or junit)"};
      return OptionParse::kError;
    }
    return OptionParse::kParsed;
  }
  if (!option_value(argc, argv, index, "--color", &value, error, &matched))
    return OptionParse::kError;
  if (matched) {
    if (value == "auto") {
      options->color = ReportOptions::Color::kAuto;
    } else if (value == "always") {
      options->color = ReportOptions::Color::kAlways;
    } else if (value == "never") {
      options->color = ReportOptions::Color::kNever;
    } else {
      *error = {kCommandLine, 0, "unknown --color '" + value + "' (expected auto, always or never)"};
      return OptionParse::kError;
    }
    return OptionParse::kParsed;
  }
  return OptionParse::kNotReportOption;
}

int run_report(const ReportOptions &options) {
  InputError error;
  Suppressions suppressions;
  if (!options.suppressions.empty() &&
      !load_suppressions(options.suppressions, &suppressions, &error))
    return report_bad_input(error);
  report::Baseline baseline;
  const bool has_baseline = !options.baseline.empty();
  if (has_baseline && !report::read_baseline(options.baseline, &baseline, &error))
    return report_bad_input(error);

  std::vector<std::string> files;
  if (!report::collect_report_files(options.paths, &files, &error))
    return report_bad_input(error);
  if (!report_outputs_are_distinct(options, files, &error)) return report_bad_input(error);
  report::ReportSet reports;
  report::FileLockOrders file_lock_orders;
  report::FileContentRaces file_content_races;
  for (const std::string &file : files) {
    if (report::is_file_lock_order_name(file)) {
      std::string text;
      if (!report::read_whole_file(file, &text, &error) ||
          !file_lock_orders.add_text(file, text, &error))
        return report_bad_input(error);
      continue;
    }
    if (report::is_file_event_name(file)) {
      std::string text;
      if (!report::read_whole_file(file, &text, &error) ||
          !file_content_races.add_text(file, text, &error))
        return report_bad_input(error);
      continue;
    }
    if (!reports.add_file(file, &error)) return report_bad_input(error);
  }
  // Lock-order cycles between processes: each process saw only its own edges.
  for (report::LoadedFinding &cycle : file_lock_orders.cycles()) {
    std::set<std::string> processes;
    const report::LockOrderCycle &model = *cycle.model()->cycle;
    for (size_t i = 0; i < model.edge_count; ++i)
      processes.insert("pid " + std::to_string(model.edges[i].pid));
    reports.add_joined_finding(std::move(cycle), processes);
  }
  // Races on file contents between processes: each process saw only its own accesses.
  for (report::LoadedFinding &race : file_content_races.races()) {
    const report::DataRace &model = *race.model()->race;
    std::set<std::string> processes;
    for (const report::Access &access : model.accesses)
      processes.insert("pid " + std::to_string(access.pid));
    reports.add_joined_finding(std::move(race), processes);
  }
  for (const std::string &note : file_content_races.notes())
    std::fprintf(stderr, "interlock: note: %s\n", note.c_str());
  for (const report::UnfinishedProcess &process : reports.unfinished()) note_unfinished(process);

  FindingCounts counts;
  std::vector<report::ReportedFinding> shown;
  report::Baseline seen;
  for (const report::MergedFinding &merged : reports.findings()) {
    const report::LoadedFinding &finding = merged.finding;
    if (report::match_suppression(finding.suppression_subject(), suppressions.rules.data(),
                                  suppressions.rules.size()) != nullptr) {
      ++counts.suppressed;
      continue;
    }
    report::ReportedFinding reported;
    reported.merged = &merged;
    reported.known = baseline.contains(finding.key());
    ++(reported.known ? counts.known : counts.fresh);
    seen.keys.insert(finding.key());
    shown.push_back(reported);
  }

  const bool color = use_color(options);
  std::string rendered;
  switch (options.format) {
    case ReportOptions::Format::kText:
      for (const report::ReportedFinding &reported : shown)
        rendered += finding_text(reported, color);
      rendered += summary_line(counts);
      break;
    case ReportOptions::Format::kJson:
      rendered = render_json(shown);
      break;
    case ReportOptions::Format::kSarif:
      rendered = report::write_sarif(shown, has_baseline);
      break;
    case ReportOptions::Format::kJunit:
      rendered = report::write_junit(shown, [](const report::ReportedFinding &reported) {
        return finding_block(reported, /*color=*/false);
      });
      break;
  }

  OutputFiles outputs;
  if (!options.output.empty()) outputs.add(options.output, rendered);
  if (!options.write_baseline.empty())
    outputs.add(options.write_baseline, report::format_baseline(seen));
  if (!outputs.commit(&error)) return report_bad_input(error);
  if (options.output.empty() && !write_stdout(rendered))
    return report_bad_input({"stdout", 0, std::string("cannot write: ") + std::strerror(errno)});
  return counts.fresh > 0 ? kExitNewFindings : kExitClean;
}

void print_report_help(std::FILE *out) {
  std::fputs(
      "usage: interlock report PATH... [options]\n"
      "\n"
      "Merges Interlock report files (interlock.*.json) and directories holding them\n"
      "(searched recursively), deduplicates findings by key, applies suppressions and a\n"
      "baseline, and writes one report. The journal (interlock.*.jsonl) of a process that\n"
      "crashed or was killed before writing its report is read instead, with a note.\n"
      "\n"
      "options:\n"
      "  --format text|json|sarif|junit  output format (default text)\n"
      "  -o, --output FILE               write the report to FILE instead of stdout\n"
      "  --suppressions FILE             TSan-style rules (race:, race_top:, deadlock:, mutex:,\n"
      "                                  thread:, signal:, called_from_lib:) for findings to drop\n"
      "  --baseline FILE                 findings whose key is in FILE are known, not new\n"
      "  --write-baseline FILE           write the keys of all unsuppressed findings to FILE\n"
      "  --color auto|always|never       colour in text output (auto: when stdout is a terminal)\n"
      "  -h, --help                      show this help\n"
      "\n"
      "exit status: 0 no new findings, 1 new findings, 2 bad input, an output that is also an\n"
      "input or a failed write (one line on stderr; nothing is written)\n",
      out);
}

int report_command(int argc, char **argv) {
  ReportOptions options;
  InputError error;
  bool only_paths = false;
  for (int index = 1; index < argc;) {
    const char *arg = argv[index];
    if (!only_paths && (std::strcmp(arg, "-h") == 0 || std::strcmp(arg, "--help") == 0)) {
      print_report_help(stdout);
      return kExitClean;
    }
    if (!only_paths && std::strcmp(arg, "--") == 0) {
      only_paths = true;
      ++index;
      continue;
    }
    if (!only_paths && arg[0] == '-' && arg[1] != '\0') {
      switch (parse_report_option(argc, argv, &index, &options, &error)) {
        case OptionParse::kParsed: continue;
        case OptionParse::kError: return report_bad_input(error);
        case OptionParse::kNotReportOption:
          return report_bad_input({kCommandLine, 0,
                                   std::string("unknown option '") + arg +
                                       "' (see 'interlock report --help')"});
      }
    }
    options.paths.emplace_back(arg);
    ++index;
  }
  if (options.paths.empty()) {
    return report_bad_input(
        {kCommandLine, 0, "no report file or directory given (see 'interlock report --help')"});
  }
  return run_report(options);
}

}  // namespace interlock::cli
