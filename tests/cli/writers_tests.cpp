// The SARIF and JUnit writers on merged findings (the schema check is the sarif_schema test).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/junit_writer.h"
#include "detector/report/report_reader.h"
#include "detector/report/sarif_writer.h"
#include "fixtures.h"

using namespace interlock::report;
using interlock::json::Value;
using interlock::cli_tests::cycle_finding;
using interlock::cli_tests::race_finding;
using interlock::cli_tests::report_document;

namespace {

// A race seen twice in two processes and an unknown-kind cycle; the race is "known".
struct Fixture {
  Fixture() {
    InputError error;
    REQUIRE(set.add_text("a.json", report_document(race_finding("00000000000000aa"), 1), &error));
    REQUIRE(set.add_text("b.json",
                         report_document(race_finding("00000000000000aa") + "," +
                                             cycle_finding("00000000000000bb"),
                                         2),
                         &error));
    REQUIRE(set.findings().size() == 2);
    findings.push_back({&set.findings()[0], /*known=*/true});
    findings.push_back({&set.findings()[1], /*known=*/false});
  }
  ReportSet set;
  std::vector<ReportedFinding> findings;
};

Value parse_sarif(const std::string &text) {
  const auto document = interlock::json::parse(text);
  REQUIRE(document);
  return *document;
}

}  // namespace

TEST_CASE("SARIF: one rule per kind and a located result per finding", "[sarif]") {
  Fixture fixture;
  const Value sarif = parse_sarif(write_sarif(fixture.findings, /*has_baseline=*/true));
  CHECK(sarif["version"].as_string() == "2.1.0");
  const Value &run = sarif["runs"].at(0);
  const Value &rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules.at(0)["id"].as_string() == "data-race");
  CHECK(rules.at(1)["id"].as_string() == "lock-order-cycle");

  const Value &race = run["results"].at(0);
  CHECK(race["ruleId"].as_string() == "data-race");
  CHECK(race["ruleIndex"].as_int() == 0);
  CHECK(race["message"]["text"].as_string().find("data race on global 'balance'") == 0);
  const Value &physical = race["locations"].at(0)["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"].as_string() == "file:///src/bank.c");
  CHECK(physical["region"]["startLine"].as_int() == 14);
  CHECK(physical["region"]["startColumn"].as_int() == 13);
  CHECK(physical["region"]["snippet"]["text"].as_string() == "    balance -= amount;");
  const Value &related = race["relatedLocations"].at(0)["physicalLocation"];
  CHECK(related["region"]["startLine"].as_int() == 12);
  CHECK(related["region"]["startColumn"].as_int() == 7);
  CHECK(race["partialFingerprints"]["interlockKey/v1"].as_string() == "00000000000000aa");
  CHECK(race["baselineState"].as_string() == "unchanged");
  CHECK(race["occurrenceCount"].as_int() == 2);
  CHECK(race["properties"]["processes"].as_int() == 2);

  // One threadFlow per thread, outermost frame first, the access last.
  const Value &flows = race["codeFlows"].at(0)["threadFlows"];
  REQUIRE(flows.size() == 2);
  const Value &first = flows.at(0)["locations"];
  REQUIRE(first.size() == 2);
  CHECK(first.at(0)["location"]["physicalLocation"]["region"]["startLine"].as_int() == 30);
  CHECK(first.at(0)["nestingLevel"].as_int() == 0);
  CHECK(first.at(1)["location"]["physicalLocation"]["region"]["startLine"].as_int() == 14);
  CHECK(first.at(1)["nestingLevel"].as_int() == 1);
  // A frame without a file keeps its function as a logical location.
  const Value &outer = flows.at(1)["locations"].at(0)["location"];
  CHECK_FALSE(outer.contains("physicalLocation"));
  CHECK(outer["logicalLocations"].at(0)["fullyQualifiedName"].as_string() == "main");

  const Value &cycle = run["results"].at(1);
  CHECK(cycle["ruleIndex"].as_int() == 1);
  CHECK(cycle["baselineState"].as_string() == "new");
}

TEST_CASE("SARIF: a cycle is shown at the request that closed it, one threadFlow per edge",
          "[sarif]") {
  Fixture fixture;
  const Value sarif = parse_sarif(write_sarif(fixture.findings, /*has_baseline=*/false));
  const Value &rules = sarif["runs"].at(0)["tool"]["driver"]["rules"];
  CHECK(rules.at(1)["name"].as_string() == "LockOrderCycle");
  const Value &cycle = sarif["runs"].at(0)["results"].at(1);
  CHECK(cycle["ruleId"].as_string() == "lock-order-cycle");
  CHECK(cycle["level"].as_string() == "warning");
  CHECK(cycle["message"]["text"].as_string().find("lock-order cycle (potential deadlock)") == 0);
  // edges[0].requested_at: locks.c:9.
  const Value &location = cycle["locations"].at(0);
  CHECK(location["physicalLocation"]["artifactLocation"]["uri"].as_string() ==
        "file:///src/locks.c");
  CHECK(location["physicalLocation"]["region"]["startLine"].as_int() == 9);
  CHECK(location["message"]["text"].as_string() ==
        "T1 requested 'lock_b' here while holding 'lock_a'");
  // The closing edge's held_at and both stacks of the other edge, in edge order.
  const Value &related = cycle["relatedLocations"];
  REQUIRE(related.size() == 3);
  CHECK(related.at(0)["physicalLocation"]["region"]["startLine"].as_int() == 8);
  CHECK(related.at(0)["physicalLocation"]["region"]["snippet"]["text"].as_string() ==
        "  pthread_mutex_lock(&lock_a);");
  CHECK(related.at(1)["physicalLocation"]["region"]["startLine"].as_int() == 15);
  CHECK(related.at(1)["message"]["text"].as_string() == "locker acquired 'lock_b' here");
  CHECK(related.at(2)["physicalLocation"]["region"]["startLine"].as_int() == 16);
  for (size_t i = 0; i < related.size(); ++i) CHECK(related.at(i)["id"].as_int() == int64_t(i + 1));

  const Value &flows = cycle["codeFlows"].at(0)["threadFlows"];
  REQUIRE(flows.size() == 2);
  // Edge 0: held_at (one frame), then requested_at outermost first (run_workers, then line 9).
  const Value &first = flows.at(0)["locations"];
  REQUIRE(first.size() == 3);
  CHECK(first.at(0)["location"]["physicalLocation"]["region"]["startLine"].as_int() == 8);
  CHECK(first.at(0)["importance"].as_string() == "essential");
  CHECK(first.at(1)["location"]["physicalLocation"]["region"]["startLine"].as_int() == 70);
  CHECK(first.at(1)["nestingLevel"].as_int() == 0);
  CHECK(first.at(2)["location"]["physicalLocation"]["region"]["startLine"].as_int() == 9);
  CHECK(first.at(2)["nestingLevel"].as_int() == 1);
  CHECK(first.at(2)["importance"].as_string() == "essential");
  CHECK(flows.at(1)["message"]["text"].as_string() ==
        "locker requested 'lock_a' here while holding 'lock_b'");
}

TEST_CASE("SARIF: no baselineState without a baseline: an empty run is valid", "[sarif]") {
  Fixture fixture;
  const Value sarif = parse_sarif(write_sarif(fixture.findings, /*has_baseline=*/false));
  CHECK_FALSE(sarif["runs"].at(0)["results"].at(0).contains("baselineState"));
  const Value empty = parse_sarif(write_sarif({}, false));
  CHECK(empty["runs"].at(0)["results"].size() == 0);
  CHECK(empty["runs"].at(0)["results"].is_array());
}

TEST_CASE("file URIs are percent-encoded", "[sarif]") {
  CHECK(file_uri("/src/my dir/a#b.c") == "file:///src/my%20dir/a%23b.c");
  CHECK(file_uri("rel/x.c") == "rel/x.c");
}

TEST_CASE("JUnit: a failing testcase per new finding, skipped for known ones", "[junit]") {
  Fixture fixture;
  const std::string xml = write_junit(fixture.findings, [](const ReportedFinding &reported) {
    return "body of " + reported.finding().key_text() + " <&>\x1b[0m";
  });
  CHECK(xml.find("<testsuite name=\"interlock\" tests=\"2\" failures=\"1\" errors=\"0\" "
                 "skipped=\"1\">") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"data-race\" name=\"data race on global &apos;balance"
                 "&apos; (4 bytes)") != std::string::npos);
  CHECK(xml.find("<skipped message=\"known (in baseline)\"/>") != std::string::npos);
  CHECK(xml.find("<failure message=\"lock-order cycle (potential deadlock) between 2 locks in 2 "
                 "threads: T1 holds &apos;lock_a&apos; (locks.c:8)") != std::string::npos);
  CHECK(xml.find("type=\"lock-order-cycle\">body of 00000000000000bb &lt;&amp;&gt;\xef\xbf\xbd"
                 "[0m</failure>") != std::string::npos);
  CHECK(xml.find("body of 00000000000000aa") == std::string::npos);  // known: no failure body
}

TEST_CASE("XML escaping covers markup, quotes, control bytes and invalid UTF-8", "[junit]") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xml_escape("tab\tnl\n") == "tab\tnl\n");
  CHECK(xml_escape(std::string("nul\0x", 5)) == "nul\xef\xbf\xbdx");
  CHECK(xml_escape("caf\xe9") == "caf\xef\xbf\xbd");
  CHECK(xml_escape("caf\xc3\xa9") == "caf\xc3\xa9");
}
