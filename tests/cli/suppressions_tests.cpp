// Suppression files: TSan's syntax, every rule type, anchors and wildcards, and bad lines.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "detector/report/report_reader.h"
#include "detector/report/suppressions.h"
#include "fixtures.h"

using namespace interlock::report;
using interlock::cli_tests::cycle_finding;
using interlock::cli_tests::future_finding;
using interlock::cli_tests::race_finding;

namespace {

struct Parsed {
  std::string text;
  std::vector<SuppressionRule> rules;
  bool ok = false;
  SuppressionError error;
};

Parsed parse(const std::string &text, size_t capacity = 16) {
  Parsed parsed;
  parsed.text = text;
  parsed.rules.resize(capacity);
  size_t count = 0;
  parsed.ok = parse_suppressions(parsed.text.data(), parsed.text.size(), parsed.rules.data(),
                                 capacity, &count, &parsed.error);
  parsed.rules.resize(count);
  return parsed;
}

LoadedFinding load(const std::string &json_text) {
  LoadedFinding finding;
  std::string problem;
  const auto value = interlock::json::parse(json_text);
  REQUIRE(value);
  REQUIRE(read_finding(*value, &finding, &problem));
  return finding;
}

bool suppressed(const std::string &rules_text, const LoadedFinding &finding) {
  Parsed parsed = parse(rules_text);
  REQUIRE(parsed.ok);
  return match_suppression(finding.suppression_subject(), parsed.rules.data(),
                           parsed.rules.size()) != nullptr;
}

bool matches(const char *pattern, const char *name) {
  return suppression_pattern_matches(pattern, std::strlen(pattern), name);
}

}  // namespace

TEST_CASE("suppression files: comments, blanks and every type parse", "[suppressions]") {
  Parsed parsed = parse(
      "# known races in the vendored code\n"
      "\n"
      "   race:vendor_*  \n"
      "race_top:^read_value$\r\n"
      "deadlock:take_*\n"
      "mutex:pool\n"
      "thread:worker-*\n"
      "signal:handler\n"
      "called_from_lib:libfoo.so\n");
  REQUIRE(parsed.ok);
  REQUIRE(parsed.rules.size() == 7);
  CHECK(parsed.rules[5].type == SuppressionType::kSignal);
  CHECK(parsed.rules[6].type == SuppressionType::kCalledFromLib);
  CHECK(parsed.rules[0].type == SuppressionType::kRace);
  CHECK(std::string(parsed.rules[0].pattern, parsed.rules[0].pattern_length) == "vendor_*");
  CHECK(parsed.rules[0].line == 3);
  CHECK(parsed.rules[1].type == SuppressionType::kRaceTop);
  CHECK(std::string(parsed.rules[1].pattern, parsed.rules[1].pattern_length) == "^read_value$");
  CHECK(parsed.rules[2].type == SuppressionType::kDeadlock);
  CHECK(parsed.rules[3].type == SuppressionType::kMutex);
  CHECK(parsed.rules[4].type == SuppressionType::kThread);
  CHECK(parsed.rules[6].line == 9);
}

TEST_CASE("bad suppression lines name their line", "[suppressions]") {
  Parsed unknown = parse("race:ok\n# fine\nrcae:typo\n");
  CHECK_FALSE(unknown.ok);
  CHECK(unknown.error.line == 3);
  CHECK(std::string(unknown.error.message).find("unknown suppression type") == 0);

  Parsed empty = parse("\nrace:   \n");
  CHECK_FALSE(empty.ok);
  CHECK(empty.error.line == 2);
  CHECK(std::string(empty.error.message) == "empty suppression pattern");

  Parsed no_colon = parse("race_top\n");
  CHECK_FALSE(no_colon.ok);
  CHECK(no_colon.error.line == 1);

  Parsed full = parse("race:a\nrace:b\nrace:c\n", 2);
  CHECK_FALSE(full.ok);
  CHECK(full.error.line == 3);
  CHECK(full.rules.size() == 2);
}

TEST_CASE("patterns: substring, wildcards and TSan's anchors", "[suppressions]") {
  CHECK(matches("value", "write_value(int)"));
  CHECK(matches("write_*(int)", "write_value(int)"));
  CHECK(matches("^write_", "write_value(int)"));
  CHECK_FALSE(matches("^value", "write_value(int)"));
  CHECK(matches("(int)$", "write_value(int)"));
  CHECK_FALSE(matches("write$", "write_value(int)"));
  CHECK(matches("^write_value(int)$", "write_value(int)"));
  CHECK_FALSE(matches("^write_value$", "write_value(int)"));
  CHECK(matches("*", "anything"));
  CHECK(matches("a*b*c", "xxaYYbZZcxx"));
  CHECK_FALSE(matches("a*b*c", "xxaYYcZZbxx"));
  CHECK_FALSE(matches("value", nullptr));
  CHECK(matches("Value", "Value"));
  CHECK_FALSE(matches("value", "VALUE"));
}

TEST_CASE("race rules match any frame of either access, files and the global", "[suppressions]") {
  const LoadedFinding race = load(race_finding("00000000000000aa"));
  CHECK(suppressed("race:worker_loop\n", race));     // outer frame of the first access
  CHECK(suppressed("race:^read_value$\n", race));    // innermost frame of the second access
  CHECK(suppressed("race:/src/lib/*\n", race));      // a file path
  CHECK(suppressed("race:^balance$\n", race));       // the global's name
  CHECK_FALSE(suppressed("race:^deposit$\n", race));
  CHECK_FALSE(suppressed("deadlock:read_value\n", race));  // wrong type for the kind
  CHECK_FALSE(suppressed("mutex:read_value\n", race));
}

TEST_CASE("race_top looks only at the innermost frames", "[suppressions]") {
  const LoadedFinding race = load(race_finding("00000000000000aa"));
  CHECK(suppressed("race_top:write_value\n", race));
  CHECK(suppressed("race_top:read_value\n", race));
  CHECK_FALSE(suppressed("race_top:worker_loop\n", race));
  CHECK_FALSE(suppressed("race_top:^main$\n", race));
}

TEST_CASE("thread and called_from_lib rules", "[suppressions]") {
  const LoadedFinding race = load(race_finding("00000000000000aa", "balance", "io-worker"));
  CHECK(suppressed("thread:io-*\n", race));
  CHECK_FALSE(suppressed("thread:^net\n", race));
  // called_from_lib: matches a frame's module (its executable or library), as in TSan.
  CHECK(suppressed("called_from_lib:libworker.so\n", race));
  CHECK(suppressed("called_from_lib:^/opt/app/lib/\n", race));
  CHECK_FALSE(suppressed("called_from_lib:/src/lib/\n", race));      // a source path is no module
  CHECK_FALSE(suppressed("called_from_lib:worker_loop\n", race));   // nor is a function
  CHECK_FALSE(suppressed("called_from_lib:libother.so\n", race));
  // The other rules match a frame's module too (TSan matches function, file and module).
  CHECK(suppressed("race:libworker.so\n", race));
  CHECK_FALSE(suppressed("race_top:libworker.so\n", race));  // not the innermost frame's
}

TEST_CASE("signal rules are accepted and match no finding of Interlock's", "[suppressions]") {
  const LoadedFinding race = load(race_finding("00000000000000aa"));
  const LoadedFinding cycle = load(cycle_finding("00000000000000bb", "accounts_lock"));
  for (const char *rules : {"signal:*\n", "signal:write_value\n", "signal:take_b_then_a\n"}) {
    CHECK_FALSE(suppressed(rules, race));
    CHECK_FALSE(suppressed(rules, cycle));
  }
}

TEST_CASE("the first matching rule is returned", "[suppressions]") {
  const LoadedFinding race = load(race_finding("00000000000000aa"));
  Parsed parsed = parse("race:nothing_here\nrace_top:read_value\nrace:balance\n");
  REQUIRE(parsed.ok);
  const SuppressionRule *rule = match_suppression(race.suppression_subject(), parsed.rules.data(),
                                                  parsed.rules.size());
  REQUIRE(rule != nullptr);
  CHECK(rule->line == 2);
}

TEST_CASE("the model's Finding matches like the tool's subject", "[suppressions]") {
  const LoadedFinding race = load(race_finding("00000000000000aa"));
  REQUIRE(race.model() != nullptr);
  Parsed parsed = parse("race:balance\n");
  CHECK(match_suppression(*race.model(), parsed.rules.data(), parsed.rules.size()) != nullptr);
  Parsed other = parse("race_top:worker_loop\n");
  CHECK(match_suppression(*race.model(), other.rules.data(), other.rules.size()) == nullptr);
}

TEST_CASE("deadlock rules match any frame of any edge and the locks' names", "[suppressions]") {
  const LoadedFinding cycle = load(cycle_finding("00000000000000bb", "accounts_lock"));
  REQUIRE(cycle.model() != nullptr);
  CHECK(suppressed("deadlock:^take_b_then_a$\n", cycle));  // innermost frame of edge 1
  CHECK(suppressed("deadlock:run_workers\n", cycle));      // outer frame of a requested_at
  CHECK(suppressed("deadlock:/src/lib/*\n", cycle));       // a file path
  CHECK(suppressed("deadlock:^accounts_*\n", cycle));      // a lock's name
  CHECK(suppressed("thread:^locker$\n", cycle));
  CHECK(suppressed("called_from_lib:libpool.so\n", cycle));
  CHECK_FALSE(suppressed("deadlock:^take_c\n", cycle));
  CHECK_FALSE(suppressed("deadlock:^lock_c$\n", cycle));
  CHECK_FALSE(suppressed("race:take_b_then_a\n", cycle));  // wrong type for the kind
  CHECK_FALSE(suppressed("race:accounts_lock\n", cycle));
  CHECK_FALSE(suppressed("mutex:take_b_then_a\n", cycle));
  CHECK_FALSE(suppressed("called_from_lib:run_workers\n", cycle));

  // The model's Finding (what the runtime matches) agrees with the tool's subject.
  for (const char *rules : {"deadlock:run_workers\n", "deadlock:^accounts_lock$\n",
                            "thread:^locker$\n", "deadlock:^take_c\n", "race:take_b_then_a\n"}) {
    Parsed parsed = parse(rules);
    REQUIRE(parsed.ok);
    CHECK((match_suppression(*cycle.model(), parsed.rules.data(), parsed.rules.size()) != nullptr) ==
          suppressed(rules, cycle));
  }
}

TEST_CASE("a kind the model does not know is matched through its stacks", "[suppressions]") {
  const LoadedFinding future = load(future_finding("00000000000000cc"));
  CHECK(future.model() == nullptr);
  CHECK(suppressed("called_from_lib:libfuture.so\n", future));
  CHECK(suppressed("thread:^prophet$\n", future));
  CHECK_FALSE(suppressed("deadlock:other_site\n", future));  // no rule type names this kind
  CHECK_FALSE(suppressed("race:other_site\n", future));
}
