// The lock-order-cycle finding in every writer of detector/report: summary, key, JSON (and its
// reading back), text, and the Coffman evidence and advice phrases.
#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/describe.h"
#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "detector/report/report_reader.h"
#include "detector/report/summary.h"
#include "detector/report/suppressions.h"
#include "detector/report/text_writer.h"
#include "report_fixture.h"

namespace json = interlock::json;
namespace report = interlock::report;
using interlock::test::CycleFixture;
using interlock::test::FakeSourceReader;
using interlock::test::StringSink;

namespace {

// A cycle of `n` locks, edge i made by thread i+1 holding lock_i (ring.c:10i+1) and requesting
// lock_{i+1} (ring.c:10i+2), entered at edge `start`.
struct RingFixture {
  std::vector<report::LockInfo> locks;
  std::deque<std::vector<report::Frame>> stacks;
  std::vector<std::string> names;
  std::vector<report::LockOrderEdge> edges;
  std::vector<size_t> order;
  report::LockOrderCycle cycle;
  report::Finding finding;

  RingFixture(size_t n, size_t start, uint64_t address_base = 0x1000) {
    names.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      names.push_back("lock_" + std::to_string(i));
      locks.push_back({address_base + 0x40 * i, nullptr, false});
      order.push_back(i);
    }
    for (size_t i = 0; i < n; ++i) locks[i].name = names[i].c_str();
    for (size_t k = 0; k < n; ++k) {
      const size_t i = (start + k) % n;
      report::LockOrderEdge edge;
      edge.thread = static_cast<uint32_t>(i + 1);
      edge.held = i;
      edge.requested = (i + 1) % n;
      stacks.push_back({{"worker", "/src/ring.c", static_cast<uint32_t>(10 * i + 1), 3}});
      edge.held_at = {stacks.back().data(), 1};
      stacks.push_back({{"worker", "/src/ring.c", static_cast<uint32_t>(10 * i + 2), 3}});
      edge.requested_at = {stacks.back().data(), 1};
      edges.push_back(edge);
    }
    cycle.locks = locks.data();
    cycle.lock_count = n;
    cycle.edges = edges.data();
    cycle.edge_count = n;
    cycle.suggested_order = order.data();
    cycle.edge_to_change = (n - 1 + n - start) % n;  // the edge from lock_{n-1} back to lock_0
    finding.kind = report::FindingKind::kLockOrderCycle;
    finding.cycle = &cycle;
  }
};

std::string summary_of(const report::Finding &finding) {
  StringSink sink;
  report::write_summary(sink, finding);
  return sink.text;
}

std::string evidence(const report::LockOrderCycle &cycle, report::CoffmanCondition condition) {
  StringSink sink;
  report::put_coffman_evidence(sink, cycle, condition);
  return sink.text;
}

std::string advice(const report::LockOrderCycle &cycle) {
  StringSink sink;
  report::put_order_advice(sink, cycle);
  return sink.text;
}

std::string text_of(const report::Finding &finding, report::SourceReader *sources) {
  StringSink sink;
  report::write_finding_text(sink, finding, sources, report::TextOptions{});
  return sink.text;
}

std::string finding_json(const report::Finding &finding, report::SourceReader *sources) {
  StringSink sink;
  report::JsonEmitter emitter(sink, /*pretty=*/true);
  report::write_finding_json(emitter, finding, sources);
  emitter.finish();
  return sink.text;
}

json::Value parse_or_fail(const std::string &text) {
  json::ParseError error;
  std::optional<json::Value> value = json::parse(text, &error);
  INFO(text);
  INFO("parse error at " << error.line << ":" << error.column << ": " << error.message);
  REQUIRE(value.has_value());
  return *value;
}

std::vector<std::string> member_names(const json::Value &object) {
  std::vector<std::string> names;
  for (const json::Member &member : object.members()) names.push_back(member.first);
  return names;
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("cycle summary names every edge, the closing one with its lines", "[report][cycle]") {
  CycleFixture fixture;
  CHECK(summary_of(fixture.finding) ==
        "lock-order cycle (potential deadlock) between 2 locks in 2 threads: T1 holds 'fork_a' "
        "(philosophers.c:20) and wants 'fork_b' (philosophers.c:21); T2 holds 'fork_b' and "
        "wants 'fork_a'");
}

TEST_CASE("cycle summary names unnamed locks by address and stays short", "[report][cycle]") {
  CycleFixture fixture;
  fixture.locks[1].name = nullptr;
  CHECK(contains(summary_of(fixture.finding), "T1 holds 'fork_a' (philosophers.c:20) and wants "
                                              "0x55d0c0de1080 (philosophers.c:21)"));
  RingFixture ring(7, 0);
  const std::string line = summary_of(ring.finding);
  CHECK(contains(line, "between 7 locks in 7 threads: T1 holds 'lock_0' (ring.c:1) and wants "
                       "'lock_1' (ring.c:2); T2 holds 'lock_1' and wants 'lock_2'"));
  CHECK(contains(line, "; T3 holds 'lock_2' and wants 'lock_3'; and 4 more edges"));
  CHECK_FALSE(contains(line, "T4"));
}

TEST_CASE("cycle key: the same cycle entered at another edge has the same key",
          "[report][cycle][key]") {
  for (size_t n : {2u, 3u, 5u}) {
    const uint64_t key = report::finding_key(RingFixture(n, 0).finding);
    for (size_t start = 1; start < n; ++start)
      CHECK(report::finding_key(RingFixture(n, start).finding) == key);
  }
  CycleFixture original;
  CycleFixture rotated;
  std::swap(rotated.edges[0], rotated.edges[1]);
  rotated.cycle.edge_to_change = 0;
  rotated.rebuild();
  CHECK(report::finding_key(rotated.finding) == report::finding_key(original.finding));
}

TEST_CASE("cycle key ignores addresses, threads, names, directories and counts",
          "[report][cycle][key]") {
  CycleFixture original;
  const uint64_t key = report::finding_key(original.finding);
  CycleFixture moved;
  moved.locks[0].address = 0x7f0000001000;
  moved.locks[1].address = 0x7f0000002000;
  moved.locks[0].name = nullptr;
  moved.edges[0].observations = 17;
  moved.edges[1].held_for_read = true;
  moved.t1_held[0].file = "/home/ci/checkout/src/philosophers.c";
  moved.t2_requested[0].file = "/build/philosophers.c";
  moved.t1_held[3].line = 99;  // an outer frame
  moved.rebuild();
  CHECK(report::finding_key(moved.finding) == key);

  // Thread ids and lock addresses differ between runs too.
  RingFixture ring(3, 0);
  RingFixture renumbered(3, 0, 0x9000);
  for (report::LockOrderEdge &edge : renumbered.edges) edge.thread += 40;
  CHECK(report::finding_key(renumbered.finding) == report::finding_key(ring.finding));
}

TEST_CASE("cycle key changes with the lines that identify the cycle", "[report][cycle][key]") {
  CycleFixture original;
  const uint64_t key = report::finding_key(original.finding);
  CycleFixture held_line;
  held_line.t2_held[0].line = 29;
  CHECK(report::finding_key(held_line.finding) != key);
  CycleFixture requested_column;
  requested_column.t1_requested[0].column = 9;
  CHECK(report::finding_key(requested_column.finding) != key);
  CycleFixture other_function;
  other_function.t2_requested[0].function = "right_first_again()";
  CHECK(report::finding_key(other_function.finding) != key);
  // Another cycle through other lines is another finding.
  CHECK(report::finding_key(RingFixture(2, 0).finding) != report::finding_key(RingFixture(3, 0).finding));
  // Held and requested are not interchangeable: a different cycle through the same lines.
  CycleFixture swapped;
  std::swap(swapped.t1_held, swapped.t1_requested);
  swapped.rebuild();
  CHECK(report::finding_key(swapped.finding) != key);
}

TEST_CASE("Coffman evidence names the locks, threads and lines", "[report][cycle]") {
  CycleFixture fixture;
  using report::CoffmanCondition;
  const report::LockOrderCycle &cycle = fixture.cycle;
  for (CoffmanCondition condition : report::kCoffmanConditions)
    CHECK(report::coffman_condition_holds(cycle, condition));
  CHECK(evidence(cycle, CoffmanCondition::kMutualExclusion) ==
        "each lock admits one holder at a time: 'fork_a' held by T1 (since philosophers.c:20) "
        "makes T2 wait at philosophers.c:31; 'fork_b' held by T2 (since philosophers.c:30) makes "
        "T1 wait at philosophers.c:21");
  CHECK(evidence(cycle, CoffmanCondition::kHoldAndWait) ==
        "each thread holds a lock while it requests the next: T1 holds 'fork_a' (since "
        "philosophers.c:20) while requesting 'fork_b' at philosophers.c:21; T2 holds 'fork_b' "
        "(since philosophers.c:30) while requesting 'fork_a' at philosophers.c:31; every request "
        "blocks (no trylock edge)");
  CHECK(evidence(cycle, CoffmanCondition::kNoPreemption) ==
        "no lock of the cycle was ever released by a thread that did not hold it, so only its "
        "holder can end a wait: 'fork_a' only by T1; 'fork_b' only by T2");
  CHECK(evidence(cycle, CoffmanCondition::kCircularWait) ==
        "T1 waits for 'fork_b' held by T2, which waits for 'fork_a' held by T1");
  CHECK(advice(cycle) ==
        "acquire 'fork_a' before 'fork_b' everywhere; change T2's acquisition of 'fork_a' at "
        "philosophers.c:31 (taken while holding 'fork_b' since philosophers.c:30)");
}

TEST_CASE("Coffman conditions that fail say why", "[report][cycle]") {
  CycleFixture fixture;
  using report::CoffmanCondition;
  fixture.cycle.no_preemption = false;
  CHECK_FALSE(report::coffman_condition_holds(fixture.cycle, CoffmanCondition::kNoPreemption));
  CHECK(contains(evidence(fixture.cycle, CoffmanCondition::kNoPreemption),
                 "released by a thread that did not hold it"));

  // A rwlock held and requested for reading: readers share it.
  fixture.locks[1].is_rwlock = true;
  fixture.edges[1].held_for_read = true;
  fixture.edges[0].requested_for_read = true;
  CHECK_FALSE(report::coffman_condition_holds(fixture.cycle, CoffmanCondition::kMutualExclusion));
  CHECK(evidence(fixture.cycle, CoffmanCondition::kMutualExclusion) ==
        "a lock of the cycle is shared: 'fork_b' held for reading by T2 and requested for "
        "reading by T1 (philosophers.c:21): readers share it, so that request need not wait");

  // A write request against a read holder still excludes.
  fixture.edges[0].requested_for_read = false;
  CHECK(report::coffman_condition_holds(fixture.cycle, CoffmanCondition::kMutualExclusion));
  CHECK(contains(evidence(fixture.cycle, CoffmanCondition::kMutualExclusion),
                 "'fork_b' held for reading by T2 (since philosophers.c:30) makes T1's write "
                 "request wait at philosophers.c:21"));

  // Edges that do not chain are no circular wait.
  fixture.edges[1].requested = 1;
  CHECK_FALSE(report::coffman_condition_holds(fixture.cycle, CoffmanCondition::kCircularWait));
}

TEST_CASE("the suggested order of three locks reads as a sequence", "[report][cycle]") {
  RingFixture ring(3, 0);
  StringSink order;
  report::put_suggested_order(order, ring.cycle);
  CHECK(order.text == "'lock_0', then 'lock_1', then 'lock_2'");
  CHECK(advice(ring.cycle) ==
        "acquire 'lock_0', then 'lock_1', then 'lock_2' everywhere; change T3's acquisition of "
        "'lock_0' at ring.c:22 (taken while holding 'lock_2' since ring.c:21)");
}

TEST_CASE("a cycle is written as JSON with every member", "[report][cycle][json]") {
  CycleFixture fixture;
  FakeSourceReader sources;
  sources.add("/src/philosophers.c", 21, "    pthread_mutex_lock(&fork_b);");
  const json::Value finding = parse_or_fail(finding_json(fixture.finding, &sources));
  CHECK(member_names(finding) ==
        std::vector<std::string>{"kind", "key", "summary", "locks", "edges", "coffman",
                                 "suggested_order", "threads"});
  CHECK(finding["kind"].as_string() == "lock-order-cycle");
  char key[17];
  report::format_key(report::finding_key(fixture.finding), key);
  CHECK(finding["key"].as_string() == key);
  CHECK(finding["summary"].as_string() == summary_of(fixture.finding));

  REQUIRE(finding["locks"].size() == 2);
  CHECK(member_names(finding["locks"].at(0)) ==
        std::vector<std::string>{"address", "name", "rwlock"});
  CHECK(finding["locks"].at(0)["address"].as_string() == "0x55d0c0de1040");
  CHECK(finding["locks"].at(1)["name"].as_string() == "fork_b");
  CHECK(finding["locks"].at(1)["rwlock"].is_bool());

  REQUIRE(finding["edges"].size() == 2);
  const json::Value &edge = finding["edges"].at(0);
  CHECK(member_names(edge) ==
        std::vector<std::string>{"thread", "holds", "requests", "held_for_read",
                                 "requested_for_read", "held_at", "requested_at", "observations",
                                 "reverse_observations"});
  CHECK(edge["thread"].as_int() == 1);
  CHECK(edge["holds"].as_int() == 0);
  CHECK(edge["requests"].as_int() == 1);
  CHECK(edge["held_at"].size() == 4);
  CHECK(edge["held_at"].at(0)["line"].as_int() == 20);
  CHECK_FALSE(edge["held_at"].at(0).contains("source"));
  CHECK(edge["requested_at"].at(0)["source"].as_string() == "    pthread_mutex_lock(&fork_b);");
  CHECK(edge["observations"].as_int() == 3);
  CHECK(edge["reverse_observations"].as_int() == 1);

  const json::Value &coffman = finding["coffman"];
  CHECK(member_names(coffman) == std::vector<std::string>{"mutual_exclusion", "hold_and_wait",
                                                          "no_preemption", "circular_wait"});
  for (const json::Member &condition : coffman.members()) {
    CHECK(member_names(condition.second) == std::vector<std::string>{"holds", "evidence"});
    CHECK(condition.second["holds"].as_bool());
  }
  CHECK(coffman["circular_wait"]["evidence"].as_string() ==
        "T1 waits for 'fork_b' held by T2, which waits for 'fork_a' held by T1");

  const json::Value &order = finding["suggested_order"];
  CHECK(member_names(order) ==
        std::vector<std::string>{"locks", "change_edge", "following", "against", "advice"});
  CHECK(order["locks"].size() == 2);
  CHECK(order["locks"].at(0).as_int() == 0);
  CHECK(order["change_edge"].as_int() == 1);
  CHECK(order["following"].as_int() == 3);
  CHECK(order["against"].as_int() == 1);
  CHECK(order["advice"].as_string() == advice(fixture.cycle));

  REQUIRE(finding["threads"].size() == 2);
  CHECK(finding["threads"].at(1)["creation_stack"].at(0)["line"].as_int() == 41);
}

TEST_CASE("an unnamed lock has no name member", "[report][cycle][json]") {
  CycleFixture fixture;
  fixture.locks[0].name = nullptr;
  const json::Value finding = parse_or_fail(finding_json(fixture.finding, nullptr));
  CHECK(member_names(finding["locks"].at(0)) == std::vector<std::string>{"address", "rwlock"});
}

TEST_CASE("a cycle's JSON reads back into the same model", "[report][cycle][json]") {
  CycleFixture fixture;
  fixture.locks[1].name = nullptr;
  fixture.locks[1].is_rwlock = true;
  fixture.edges[1].held_for_read = true;
  fixture.cycle.no_preemption = false;
  FakeSourceReader sources;
  sources.add("/src/philosophers.c", 31, "    pthread_mutex_lock(&fork_a);");
  const std::string written = finding_json(fixture.finding, &sources);

  report::LoadedFinding loaded;
  std::string problem;
  REQUIRE(report::read_finding(parse_or_fail(written), &loaded, &problem));
  INFO(problem);
  REQUIRE(loaded.model() != nullptr);
  const report::Finding &model = *loaded.model();
  REQUIRE(model.kind == report::FindingKind::kLockOrderCycle);
  const report::LockOrderCycle &cycle = *model.cycle;
  CHECK(cycle.lock_count == 2);
  CHECK(cycle.locks[0].address == 0x55d0c0de1040);
  CHECK(std::string(cycle.locks[0].name) == "fork_a");
  CHECK(cycle.locks[1].name == nullptr);
  CHECK(cycle.locks[1].is_rwlock);
  REQUIRE(cycle.edge_count == 2);
  CHECK(cycle.edges[1].thread == 2);
  CHECK(cycle.edges[1].held == 1);
  CHECK(cycle.edges[1].held_for_read);
  CHECK_FALSE(cycle.edges[1].requested_for_read);
  CHECK(cycle.edges[0].held_at.count == 4);
  CHECK(cycle.edges[1].requested_at.frames[0].line == 31);
  CHECK(cycle.edges[0].reverse_observations == 1);
  CHECK_FALSE(cycle.no_preemption);
  CHECK(cycle.suggested_order[1] == 1);
  CHECK(cycle.edge_to_change == 1);
  CHECK(cycle.observations_following == 3);
  CHECK(cycle.thread_count == 2);
  CHECK(model.key == report::finding_key(fixture.finding));
  CHECK(report::finding_key(model) == report::finding_key(fixture.finding));

  // Written again (the source line now comes from the report itself): the same document.
  report::CarriedSourceReader carried(&loaded);
  const std::string rewritten = finding_json(model, &carried);
  CHECK(rewritten == written);
}

TEST_CASE("malformed cycles are rejected with the member at fault", "[report][cycle][json]") {
  CycleFixture fixture;
  const json::Value good = parse_or_fail(finding_json(fixture.finding, nullptr));
  const auto problem_with = [&](const std::string &from, const std::string &to) {
    std::string text = json::serialize(good);
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    report::LoadedFinding loaded;
    std::string problem;
    CHECK_FALSE(report::read_finding(parse_or_fail(text), &loaded, &problem));
    return problem;
  };
  CHECK(problem_with("\"requests\":1", "\"requests\":0") ==
        "lock-order cycle: edges[0].requests is not the lock edges[1] holds");
  CHECK(problem_with("\"holds\":1", "\"holds\":2") ==
        "lock-order cycle: edges[1].holds is not an integer in 0..1");
  CHECK(problem_with("\"rwlock\":false", "\"rwlock\":0") ==
        "lock-order cycle: locks[0].rwlock is not true or false");
  CHECK(problem_with("\"locks\":[0,1]", "\"locks\":[1,1]") ==
        "lock-order cycle: suggested_order.locks[1] is not a lock index listed once");
  CHECK(problem_with("\"change_edge\":1", "\"change_edge\":2") ==
        "lock-order cycle: suggested_order.change_edge is not an integer in 0..1");
  CHECK(problem_with("\"circular_wait\":{", "\"circular\":{") ==
        "lock-order cycle: coffman.circular_wait is not an object");
}

TEST_CASE("a cycle's text report shows each edge, the conditions and the order",
          "[report][cycle][text]") {
  CycleFixture fixture;
  FakeSourceReader sources;
  sources.add("/src/philosophers.c", 20, "    pthread_mutex_lock(&fork_a);");
  sources.add("/src/philosophers.c", 21, "    pthread_mutex_lock(&fork_b);");
  const std::string text = text_of(fixture.finding, &sources);
  char key[17];
  report::format_key(report::finding_key(fixture.finding), key);
  CHECK(text.rfind("==================\nWARNING: Interlock: lock-order cycle (potential "
                   "deadlock) (key " + std::string(key) + ")\n  lock-order cycle (potential "
                   "deadlock) between 2 locks in 2 threads: T1 holds 'fork_a'", 0) == 0);
  CHECK(contains(text,
                 "\n  Thread T1 holds mutex 'fork_a' acquired at:\n"
                 "    #0 left_first() /src/philosophers.c:20:5\n"
                 "         20 |     pthread_mutex_lock(&fork_a);\n"
                 "    #1-#2 (2 frames in system headers)\n"
                 "    #3 thread_entry /src/philosophers.c:50:3\n"
                 "  and requests mutex 'fork_b' at:\n"
                 "    #0 left_first() /src/philosophers.c:21:5\n"
                 "         21 |     pthread_mutex_lock(&fork_b);\n"
                 "    (this order seen 3 times, the reverse 1 time)\n"));
  CHECK(contains(text, "\n  Thread T2 holds mutex 'fork_b' acquired at:\n"
                       "    #0 right_first() /src/philosophers.c:30:5\n"
                       "  and requests mutex 'fork_a' at:\n"
                       "    #0 right_first() /src/philosophers.c:31:5\n"));
  CHECK(contains(text, "\n  Coffman conditions:\n    mutual exclusion (holds): each lock admits"));
  CHECK(contains(text, "\n    hold and wait (holds): "));
  CHECK(contains(text, "\n    no preemption (holds): "));
  CHECK(contains(text, "\n    circular wait (holds): T1 waits for 'fork_b' held by T2, which "
                       "waits for 'fork_a' held by T1\n"));
  CHECK(contains(text, "\n  Suggested lock order: 'fork_a' before 'fork_b' (3 of 4 observed "
                       "acquisitions follow it)\n    acquire 'fork_a' before 'fork_b' "
                       "everywhere; change T2's acquisition of 'fork_a' at philosophers.c:31 "
                       "(taken while holding 'fork_b' since philosophers.c:30)\n"));
  CHECK(contains(text, "\n  Thread T2 (created by main thread at):\n"
                       "    #0 main /src/philosophers.c:41:3\n==================\n"));

  fixture.cycle.no_preemption = false;
  CHECK(contains(text_of(fixture.finding, nullptr), "no preemption (does not hold): "));
}

TEST_CASE("a rwlock edge says in which mode it was held and requested", "[report][cycle][text]") {
  CycleFixture fixture;
  fixture.locks[1].is_rwlock = true;
  fixture.edges[1].held_for_read = true;
  const std::string text = text_of(fixture.finding, nullptr);
  CHECK(contains(text, "Thread T2 holds rwlock 'fork_b' for reading acquired at:"));
  CHECK(contains(text, "and requests rwlock 'fork_b' for writing at:"));
}

TEST_CASE("deadlock suppressions match a cycle's frames and lock names", "[report][cycle]") {
  CycleFixture fixture;
  const auto suppressed = [&](const std::string &rules) {
    std::vector<report::SuppressionRule> parsed(8);
    size_t count = 0;
    REQUIRE(report::parse_suppressions(rules.data(), rules.size(), parsed.data(), parsed.size(),
                                       &count, nullptr));
    return report::match_suppression(fixture.finding, parsed.data(), count) != nullptr;
  };
  CHECK(suppressed("deadlock:^right_first"));       // innermost frame of edge 1
  CHECK(suppressed("deadlock:thread_entry"));       // an outer frame of edge 0's held_at
  CHECK(suppressed("deadlock:^fork_b$"));           // a lock's name
  CHECK(suppressed("thread:^T2$"));
  CHECK_FALSE(suppressed("called_from_lib:/usr/include/c++/"));  // a source path is no module
  CHECK_FALSE(suppressed("deadlock:^fork_c$"));
  CHECK_FALSE(suppressed("race:right_first"));      // wrong type for the kind
  CHECK_FALSE(suppressed("race:fork_b"));
  CHECK_FALSE(suppressed("mutex:right_first"));
  CHECK_FALSE(suppressed("called_from_lib:right_first"));  // functions do not count
}
