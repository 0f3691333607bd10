// Reading reports back (validation, line numbers, dedup, unknown kinds) and baseline files.
#include <catch2/catch.hpp>

#include <string>

#include "detector/report/baseline.h"
#include "detector/report/report_reader.h"
#include "fixtures.h"

using namespace interlock::report;
using interlock::cli_tests::cycle_finding;
using interlock::cli_tests::future_finding;
using interlock::cli_tests::race_finding;
using interlock::cli_tests::report_document;

TEST_CASE("reports merge and deduplicate by key, counting occurrences and processes",
          "[reader]") {
  ReportSet set;
  InputError error;
  REQUIRE(set.add_text("a.json", report_document(race_finding("00000000000000aa"), 1), &error));
  REQUIRE(set.add_text("b.json",
                       report_document(race_finding("00000000000000aa") + ",\n" +
                                           cycle_finding("00000000000000bb") + ",\n" +
                                           future_finding("00000000000000cc"),
                                       2),
                       &error));
  REQUIRE(set.add_text("c.json", report_document(race_finding("00000000000000aa"), 3), &error));
  REQUIRE(set.findings().size() == 3);
  const MergedFinding &race = set.findings()[0];
  CHECK(race.finding.key_text() == "00000000000000aa");
  CHECK(race.occurrences == 3);
  CHECK(race.processes.size() == 3);
  REQUIRE(race.finding.model() != nullptr);
  CHECK(race.finding.model()->race->accesses[0].stack.count == 2);
  CHECK(std::string(race.finding.model()->race->memory.name) == "balance");
  const MergedFinding &cycle = set.findings()[1];
  CHECK(cycle.finding.kind() == "lock-order-cycle");
  REQUIRE(cycle.finding.model() != nullptr);
  const LockOrderCycle &model = *cycle.finding.model()->cycle;
  CHECK(model.edge_count == 2);
  CHECK(std::string(model.locks[1].name) == "lock_b");
  CHECK(model.edges[0].requested_at.count == 2);
  CHECK(model.edge_to_change == 1);
  CHECK(cycle.finding.model()->key == 0xbb);
  // held_at and requested_at of each edge, labelled for SARIF and the generic text.
  const auto &stacks = cycle.finding.thread_stacks();
  REQUIRE(stacks.size() == 4);
  CHECK(stacks[0].label == "T1 acquired 'lock_a' here");
  CHECK(stacks[1].label == "T1 requested 'lock_b' here while holding 'lock_a'");
  CHECK(stacks[3].label == "locker requested 'lock_a' here while holding 'lock_b'");
  CHECK(stacks[3].thread == 2);
  CHECK(cycle.finding.carried_sources().size() == 1);

  const MergedFinding &future = set.findings()[2];
  CHECK(future.finding.kind() == "future-kind");
  CHECK(future.finding.model() == nullptr);
  CHECK(future.finding.thread_stacks().size() == 2);  // the two "where" arrays
  CHECK(future.finding.json()["confidence"].as_double() == 0.75);
}

TEST_CASE("a race with a free reads back with the free as its access type", "[reader]") {
  std::string race = race_finding("00000000000000dd");
  const std::string write_type = "\"type\": \"write\"";
  REQUIRE(race.find(write_type) != std::string::npos);
  race.replace(race.find(write_type), write_type.size(), "\"type\": \"free\"");
  ReportSet set;
  InputError error;
  REQUIRE(set.add_text("a.json", report_document(race, 1), &error));
  REQUIRE(set.findings().size() == 1);
  REQUIRE(set.findings()[0].finding.model() != nullptr);
  CHECK(set.findings()[0].finding.model()->race->accesses[0].type == AccessType::kFree);
}

TEST_CASE("a race on a file descriptor reads back with its number", "[reader]") {
  std::string race = race_finding("00000000000000ee");
  const size_t memory = race.find("\"memory\": {");
  REQUIRE(memory != std::string::npos);
  const size_t end = race.find("}},", memory);
  REQUIRE(end != std::string::npos);
  race.replace(memory, end + 2 - memory,
               "\"memory\": {\"kind\": \"descriptor\", \"descriptor\": 5, \"address\": \"0x1000\", "
               "\"created_by\": 2, \"creation_stack\": [{\"function\": \"main\", \"file\": "
               "\"/src/bank.c\", \"line\": 30, \"column\": 3}]}");
  ReportSet set;
  InputError error;
  REQUIRE(set.add_text("a.json", report_document(race, 1), &error));
  REQUIRE(set.findings().size() == 1);
  REQUIRE(set.findings()[0].finding.model() != nullptr);
  const MemoryInfo &info = set.findings()[0].finding.model()->race->memory;
  CHECK(info.kind == MemoryKind::kDescriptor);
  CHECK(info.descriptor == 5);
  CHECK(info.allocated_by == 2);
  REQUIRE(info.allocation_stack.count == 1);
  CHECK(info.allocation_stack.frames[0].line == 30);
}

TEST_CASE("a race on a file's contents reads back with its path, identity and offset", "[reader]") {
  std::string race = race_finding("00000000000000ef");
  const size_t memory = race.find("\"memory\": {");
  REQUIRE(memory != std::string::npos);
  const size_t end = race.find("}},", memory);
  REQUIRE(end != std::string::npos);
  race.replace(memory, end + 2 - memory,
               "\"memory\": {\"kind\": \"file\", \"path\": \"/tmp/app.seq\", \"device\": 65024, "
               "\"inode\": 1234, \"offset\": 16, \"address\": \"0x1000\"}");
  ReportSet set;
  InputError error;
  REQUIRE(set.add_text("a.json", report_document(race, 1), &error));
  REQUIRE(set.findings().size() == 1);
  REQUIRE(set.findings()[0].finding.model() != nullptr);
  const MemoryInfo &info = set.findings()[0].finding.model()->race->memory;
  CHECK(info.kind == MemoryKind::kFile);
  CHECK(std::string(info.name) == "/tmp/app.seq");
  CHECK(info.device == 65024);
  CHECK(info.inode == 1234);
  CHECK(info.offset == 16);
}

TEST_CASE("a malformed lock-order cycle is bad input naming the member", "[reader]") {
  ReportSet set;
  InputError error;
  std::string broken = cycle_finding("00000000000000bb");
  const std::string requests_first = "\"requests\": 0";
  broken.replace(broken.find(requests_first), requests_first.size(), "\"requests\": 1");
  CHECK_FALSE(set.add_text("c.json", report_document(broken), &error));
  CHECK(error.message ==
        "findings[0]: lock-order cycle: edges[1].requests is not the lock edges[0] holds");
  std::string no_coffman = cycle_finding("00000000000000bb");
  no_coffman.replace(no_coffman.find("\"coffman\""), 9, "\"cofman\"");
  CHECK_FALSE(set.add_text("d.json", report_document(no_coffman), &error));
  CHECK(error.message == "findings[0]: lock-order cycle: coffman is not an object");
  CHECK(set.findings().empty());
}

// schemas/interlock-report.schema.json requires a nullable member to be there; the schema tests
// (tests/schema/reader_agrees.py) try every such place, these are two of them.
TEST_CASE("a report the schema rejects is bad input naming the member", "[reader]") {
  ReportSet set;
  InputError error;
  std::string no_file = race_finding("00000000000000aa");
  const size_t file = no_file.find("\"file\": ");
  REQUIRE(file != std::string::npos);
  no_file.erase(file, no_file.find(',', file) + 1 - file);
  CHECK_FALSE(set.add_text("f.json", report_document(no_file), &error));
  CHECK(error.message.find("findings[0]: data race: ") == 0);
  CHECK(error.message.find(".file is missing") != std::string::npos);

  const std::string bad_process =
      "{\"schema_version\": 1, \"process\": {\"pid\": \"7\", \"command\": \"./p\"}, "
      "\"findings\": []}";
  CHECK_FALSE(set.add_text("p.json", bad_process, &error));
  CHECK(error.message.find("\"process\" is not {\"pid\": INTEGER") == 0);
  CHECK(set.findings().empty());
}

TEST_CASE("bad reports are rejected with the file and line, adding nothing", "[reader]") {
  ReportSet set;
  InputError error;
  CHECK_FALSE(set.add_text("v.json", report_document(race_finding("00000000000000aa"), 1, "2"),
                           &error));
  CHECK(error.file == "v.json");
  CHECK(error.line == 2);
  CHECK(error.message.find("schema_version 2") != std::string::npos);

  CHECK_FALSE(set.add_text("j.json", "{\n\"schema_version\": 1,\n\"findings\": [,]}", &error));
  CHECK(error.line == 3);
  CHECK(error.message.find("invalid JSON") == 0);

  // The second finding lacks its key: the error points at the line where it starts, and the
  // valid first finding is not added either.
  std::string broken = race_finding("00000000000000aa") + ",\n" +
                       R"J({"kind": "data-race", "summary": "x"})J";
  CHECK_FALSE(set.add_text("k.json", report_document(broken), &error));
  const std::string document = report_document(broken);
  const size_t second_start = document.find("{\"kind\": \"data-race\", \"summary\"");
  CHECK(error.line == 1 + static_cast<size_t>(std::count(document.begin(),
                                                          document.begin() + second_start, '\n')));
  CHECK(error.message.find("findings[1]") == 0);
  CHECK(set.findings().empty());

  CHECK_FALSE(set.add_text("r.json",
                           report_document(R"J({"kind": "data-race", "key": "00000000000000aa",
                              "summary": "s", "accesses": []})J"),
                           &error));
  CHECK(error.message.find("accesses") != std::string::npos);
}

TEST_CASE("baselines round-trip and reject malformed files", "[baseline]") {
  Baseline baseline;
  baseline.keys = {0xaa, 0x3f1c2a9d0b7e4410ull};
  const std::string text = format_baseline(baseline);
  CHECK(text == "{\"interlock_baseline\": 1, \"keys\": [\n  \"00000000000000aa\",\n"
                "  \"3f1c2a9d0b7e4410\"\n]}\n");
  Baseline read;
  InputError error;
  REQUIRE(parse_baseline("b.json", text, &read, &error));
  CHECK(read.keys == baseline.keys);
  CHECK(read.contains(0xaa));
  CHECK_FALSE(read.contains(0xab));

  REQUIRE(parse_baseline("e.json", "{\"interlock_baseline\": 1, \"keys\": []}", &read, &error));
  CHECK(read.keys.empty());

  CHECK_FALSE(parse_baseline("v.json", "{\"interlock_baseline\": 2, \"keys\": []}", &read, &error));
  CHECK(error.line == 1);
  CHECK_FALSE(parse_baseline("k.json",
                             "{\"interlock_baseline\": 1,\n \"keys\": [\"00000000000000aa\",\n"
                             " \"XYZ\"]}",
                             &read, &error));
  CHECK(error.line == 3);
  CHECK(error.message.find("keys[1]") != std::string::npos);
  CHECK_FALSE(parse_baseline("m.json", "{\"interlock_baseline\": 1,\n \"kyes\": []}", &read,
                             &error));
  CHECK(error.line == 2);
  CHECK_FALSE(parse_baseline("j.json", "{\"interlock_baseline\": 1,\n\n ]", &read, &error));
  CHECK(error.line == 3);
}
