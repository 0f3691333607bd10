// Mutex-misuse findings through the report model: summary, key, text, and the JSON a runtime
// writes read back by the `interlock` tool's reader (docs/report-format.md, "mutex-misuse").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "detector/json/json.h"
#include "detector/report/report_reader.h"
#include "detector/report/sarif_writer.h"
#include "detector/report/suppressions.h"
#include "detector/report/summary.h"
#include "detector/report/text_writer.h"
#include "report_fixture.h"

namespace report = interlock::report;
using interlock::test::StringSink;

namespace {

// T1 destroys 'session_lock' (pool.c:40) while main holds it since pool.c:31; for the other kinds
// the same model with `what` changed.
struct MisuseFixture {
  std::vector<report::Frame> misuse_stack{{"close_pool", "/src/pool.c", 40, 3},
                                          {"worker", "/src/pool.c", 55, 5}};
  std::vector<report::Frame> locked_stack{{"open_pool", "/src/pool.c", 31, 3}};
  std::vector<report::Frame> unlocked_stack{{"close_pool", "/src/pool.c", 39, 3}};
  std::vector<report::Frame> t1_creation{{"main", "/src/pool.c", 60, 3}};
  std::vector<report::ThreadInfo> threads;
  report::MutexMisuse misuse;
  report::Finding finding;

  MisuseFixture() {
    threads.resize(2);
    threads[0].id = 1;
    threads[0].name = "T1";
    threads[0].created_by = 0;
    threads[1].id = 0;
    threads[1].name = "main";
    threads[1].created_by = -1;
    misuse.what = report::MutexMisuseKind::kDestroyLocked;
    misuse.mutex = {0x55d0c0de1040, "session_lock", false};
    misuse.thread = 1;
    misuse.owner = 0;
    rebuild();
  }

  report::Finding &rebuild() {
    misuse.stack = {misuse_stack.data(), misuse_stack.size()};
    misuse.locked_at = misuse.owner >= 0 ? report::Stack{locked_stack.data(), locked_stack.size()}
                                         : report::Stack{};
    misuse.last_unlocked_at =
        misuse.what == report::MutexMisuseKind::kDoubleUnlock
            ? report::Stack{unlocked_stack.data(), unlocked_stack.size()}
            : report::Stack{};
    threads[0].creation_stack = {t1_creation.data(), t1_creation.size()};
    misuse.threads = threads.data();
    misuse.thread_count = threads.size();
    finding.kind = report::FindingKind::kMutexMisuse;
    finding.misuse = &misuse;
    finding.key = 0;
    return finding;
  }

  void make(report::MutexMisuseKind what, int64_t owner) {
    misuse.what = what;
    misuse.owner = owner;
    rebuild();
  }
};

std::string summary_of(const report::Finding &finding) {
  StringSink sink;
  report::write_summary(sink, finding);
  return sink.text;
}

std::string json_document(const report::Finding &finding) {
  StringSink sink;
  report::JsonReportWriter writer(sink, nullptr, true);
  report::ProcessInfo process;
  process.pid = 77;
  process.command = "./pool";
  writer.begin(process);
  writer.add(finding);
  writer.end();
  return sink.text;
}

}  // namespace

TEST_CASE("mutex-misuse names its kind", "[report][misuse]") {
  CHECK(std::string(report::finding_kind_name(report::FindingKind::kMutexMisuse)) ==
        "mutex-misuse");
  CHECK(std::string(report::mutex_misuse_kind_name(report::MutexMisuseKind::kUnlockNotHeld)) ==
        "unlock-not-held");
  CHECK(std::string(report::mutex_misuse_kind_name(report::MutexMisuseKind::kDoubleUnlock)) ==
        "double-unlock");
  CHECK(std::string(report::mutex_misuse_kind_name(report::MutexMisuseKind::kDestroyLocked)) ==
        "destroy-locked");
}

TEST_CASE("summary of each mutex misuse", "[report][misuse][summary]") {
  MisuseFixture fixture;
  CHECK(summary_of(fixture.finding) ==
        "mutex misuse: destroy of locked mutex 'session_lock' by thread T1 at pool.c:40:3 (held "
        "by main thread since pool.c:31:3)");
  fixture.make(report::MutexMisuseKind::kUnlockNotHeld, -1);
  CHECK(summary_of(fixture.finding) ==
        "mutex misuse: unlock of mutex 'session_lock' not held by thread T1 at pool.c:40:3");
  fixture.make(report::MutexMisuseKind::kDoubleUnlock, -1);
  CHECK(summary_of(fixture.finding) ==
        "mutex misuse: double unlock of mutex 'session_lock' by thread T1 at pool.c:40:3 (already "
        "unlocked at pool.c:39:3)");
  fixture.misuse.mutex.name = nullptr;
  fixture.misuse.mutex.is_rwlock = true;
  fixture.make(report::MutexMisuseKind::kUnlockNotHeld, 0);
  CHECK(summary_of(fixture.finding) ==
        "mutex misuse: unlock of rwlock 0x55d0c0de1040 not held by thread T1 at pool.c:40:3 (held "
        "by main thread since pool.c:31:3)");
}

TEST_CASE("the misuse key is what and where, nothing else", "[report][misuse][key]") {
  MisuseFixture fixture;
  const uint64_t original = report::finding_key(fixture.finding);
  // Address, name, threads, owner, directories and outer frames do not enter it.
  fixture.misuse.mutex.address = 0x7f0000001000;
  fixture.misuse.mutex.name = "other";
  fixture.misuse.thread = 9;
  fixture.misuse_stack[0].file = "/elsewhere/pool.c";
  fixture.misuse_stack[1].line = 99;
  fixture.locked_stack[0].line = 5;
  fixture.make(report::MutexMisuseKind::kDestroyLocked, 3);
  CHECK(report::finding_key(fixture.finding) == original);
  // What the misuse was and its line do.
  fixture.make(report::MutexMisuseKind::kUnlockNotHeld, 3);
  const uint64_t unlock = report::finding_key(fixture.finding);
  CHECK(unlock != original);
  fixture.make(report::MutexMisuseKind::kDoubleUnlock, -1);
  CHECK(report::finding_key(fixture.finding) != unlock);
  CHECK(report::finding_key(fixture.finding) != original);
  fixture.make(report::MutexMisuseKind::kDestroyLocked, 3);
  fixture.misuse_stack[0].line = 41;
  fixture.rebuild();
  CHECK(report::finding_key(fixture.finding) != original);
}

TEST_CASE("the text report of a misuse shows its stack and the holder", "[report][misuse][text]") {
  MisuseFixture fixture;
  StringSink sink;
  report::write_finding_text(sink, fixture.finding, nullptr, report::TextOptions{});
  const std::string &text = sink.text;
  INFO(text);
  CHECK(text.find("WARNING: Interlock: mutex misuse (key ") != std::string::npos);
  CHECK(text.find("Destroy of mutex 'session_lock' by thread T1:\n    #0 close_pool "
                  "/src/pool.c:40:3\n    #1 worker /src/pool.c:55:5") != std::string::npos);
  CHECK(text.find("It is held by main thread, which locked it at:\n    #0 open_pool "
                  "/src/pool.c:31:3") != std::string::npos);
  CHECK(text.find("already unlocked") == std::string::npos);
}

TEST_CASE("a misuse survives the JSON round trip through the reader", "[report][misuse][json]") {
  for (report::MutexMisuseKind what :
       {report::MutexMisuseKind::kUnlockNotHeld, report::MutexMisuseKind::kDoubleUnlock,
        report::MutexMisuseKind::kDestroyLocked}) {
    MisuseFixture fixture;
    fixture.make(what, what == report::MutexMisuseKind::kDoubleUnlock ? -1 : 0);
    const std::string document = json_document(fixture.finding);
    INFO(document);
    report::ReportSet set;
    report::InputError error;
    REQUIRE(set.add_text("pool.json", document, &error));
    REQUIRE(set.findings().size() == 1);
    const report::LoadedFinding &loaded = set.findings()[0].finding;
    CHECK(loaded.kind() == "mutex-misuse");
    CHECK(loaded.key() == report::finding_key(fixture.finding));
    CHECK(loaded.summary() == summary_of(fixture.finding));
    REQUIRE(loaded.model() != nullptr);
    const report::MutexMisuse &read = *loaded.model()->misuse;
    CHECK(read.what == what);
    CHECK(read.mutex.address == 0x55d0c0de1040);
    CHECK(std::string(read.mutex.name) == "session_lock");
    CHECK(read.thread == 1);
    CHECK(read.owner == fixture.misuse.owner);
    REQUIRE(read.stack.count == 2);
    CHECK(read.stack.frames[1].line == 55);
    CHECK(read.locked_at.count == fixture.misuse.locked_at.count);
    CHECK(read.last_unlocked_at.count == fixture.misuse.last_unlocked_at.count);
    CHECK(read.thread_count == 2);
    // Written again from what was read, it is the same finding.
    CHECK(summary_of(*loaded.model()) == summary_of(fixture.finding));
    CHECK(report::finding_key(*loaded.model()) == loaded.key());
    // The misuse's own stack comes first (SARIF shows the finding there).
    REQUIRE(!loaded.thread_stacks().empty());
    CHECK(loaded.thread_stacks()[0].stack.frames[0].line == 40);
  }
}

TEST_CASE("a malformed misuse is bad input naming the member", "[report][misuse][json]") {
  MisuseFixture fixture;
  std::string document = json_document(fixture.finding);
  const std::string what = "\"destroy-locked\"";
  document.replace(document.find(what), what.size(), "\"unlock-twice\"");
  report::ReportSet set;
  report::InputError error;
  CHECK_FALSE(set.add_text("pool.json", document, &error));
  CHECK(error.message.find("what") != std::string::npos);
  CHECK(set.findings().empty());
}

TEST_CASE("mutex: rules match a misuse's frames and its mutex's name", "[report][misuse]") {
  MisuseFixture fixture;
  auto suppressed_by = [&](const std::string &text) {
    report::SuppressionRule rules[4];
    size_t count = 0;
    REQUIRE(report::parse_suppressions(text.data(), text.size(), rules, 4, &count, nullptr));
    return report::match_suppression(fixture.finding, rules, count) != nullptr;
  };
  CHECK(suppressed_by("mutex:close_pool"));
  CHECK(suppressed_by("mutex:open_pool"));  // where the holder locked it
  CHECK(suppressed_by("mutex:^session_lock$"));
  CHECK_FALSE(suppressed_by("called_from_lib:/src/"));  // a source path is no module
  CHECK_FALSE(suppressed_by("mutex:nowhere"));
  CHECK_FALSE(suppressed_by("race:close_pool"));
  CHECK_FALSE(suppressed_by("deadlock:session_lock"));
}

TEST_CASE("in SARIF a misuse is a mutex-misuse result at its stack", "[report][misuse][sarif]") {
  MisuseFixture fixture;
  report::ReportSet set;
  report::InputError error;
  REQUIRE(set.add_text("pool.json", json_document(fixture.finding), &error));
  std::vector<report::ReportedFinding> reported{{&set.findings()[0], false}};
  const std::string sarif = report::write_sarif(reported, false);
  INFO(sarif);
  interlock::json::ParseError parse_error;
  const auto document = interlock::json::parse(sarif, &parse_error);
  REQUIRE(document.has_value());
  const interlock::json::Value &result = (*document)["runs"].at(0)["results"].at(0);
  CHECK(result["ruleId"].as_string() == "mutex-misuse");
  const interlock::json::Value &location = result["locations"].at(0)["physicalLocation"];
  CHECK(location["region"]["startLine"].as_int() == 40);
  CHECK(result["relatedLocations"].size() == 1);  // where the holder locked it
  CHECK((*document)["runs"].at(0)["tool"]["driver"]["rules"].at(0)["id"].as_string() ==
        "mutex-misuse");
}
