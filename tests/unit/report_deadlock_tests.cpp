// Real deadlocks through the report model: summary, key, text, suppressions, and the JSON a
// runtime writes read back by the `interlock` tool's reader and turned into SARIF
// (docs/report-format.md, "deadlock").
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "detector/json/json.h"
#include "detector/report/describe.h"
#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "detector/report/report_reader.h"
#include "detector/report/sarif_writer.h"
#include "detector/report/summary.h"
#include "detector/report/suppressions.h"
#include "detector/report/text_writer.h"
#include "report_fixture.h"

namespace report = interlock::report;
using interlock::test::FakeSourceReader;
using interlock::test::StringSink;

namespace {

constexpr uint64_t kForkA = 0x55d0c0de1040;
constexpr uint64_t kForkB = 0x55d0c0de1080;

// Two philosophers blocked for good: T1 holds 'fork_a' (philosophers.c:20) and is blocked
// locking 'fork_b' (:21); T2 holds 'fork_b' (:30) and is blocked locking 'fork_a' (:31).
struct DeadlockFixture {
  std::vector<report::Frame> t1_blocked{{"philosopher_left", "/src/philosophers.c", 21, 3},
                                        {"start_thread", nullptr, 0, 0}};
  std::vector<report::Frame> t1_locked{{"philosopher_left", "/src/philosophers.c", 20, 3}};
  std::vector<report::Frame> t2_blocked{{"philosopher_right", "/src/philosophers.c", 31, 3},
                                        {"start_thread", nullptr, 0, 0}};
  std::vector<report::Frame> t2_locked{{"philosopher_right", "/src/philosophers.c", 30, 3}};
  std::vector<report::Frame> t1_creation{{"main", "/src/philosophers.c", 44, 3}};
  std::vector<report::Frame> t2_creation{{"main", "/src/philosophers.c", 45, 3}};
  std::vector<report::HeldLock> t1_holds{{kForkA, {}}};
  std::vector<report::HeldLock> t2_holds{{kForkB, {}}};
  std::vector<report::BlockedThread> blocked;
  std::vector<report::ThreadInfo> threads;
  report::Deadlock deadlock;
  report::Finding finding;

  DeadlockFixture() {
    blocked.resize(2);
    blocked[0].thread = 1;
    blocked[0].what = report::WaitKind::kLock;
    blocked[0].object = {kForkB, "fork_b", false};
    blocked[0].waits_for = 2;
    blocked[1].thread = 2;
    blocked[1].what = report::WaitKind::kLock;
    blocked[1].object = {kForkA, "fork_a", false};
    blocked[1].waits_for = 1;
    threads.resize(2);
    threads[0].id = 1;
    threads[0].name = "T1";
    threads[0].created_by = 0;
    threads[1].id = 2;
    threads[1].name = "T2";
    threads[1].created_by = 0;
    deadlock.is_cycle = true;
    deadlock.blocked_ms = 1000;
    rebuild();
  }

  // Re-points the model at the vectors. A blocked thread's stacks follow its thread: T1 gets
  // t1_*, any other t2_*; where its lock's holder took the lock is the other one's *_locked.
  report::Finding &rebuild() {
    t1_holds[0].acquired_at = {t1_locked.data(), t1_locked.size()};
    t2_holds[0].acquired_at = {t2_locked.data(), t2_locked.size()};
    for (report::BlockedThread &thread : blocked) {
      const bool first = thread.thread == 1;
      const std::vector<report::Frame> &stack = first ? t1_blocked : t2_blocked;
      const std::vector<report::Frame> &holder = first ? t2_locked : t1_locked;
      const std::vector<report::HeldLock> &holds = first ? t1_holds : t2_holds;
      thread.stack = {stack.data(), stack.size()};
      thread.holder_locked_at = report::is_lock_wait(thread.what) && thread.waits_for >= 0
                                    ? report::Stack{holder.data(), holder.size()}
                                    : report::Stack{};
      thread.locks_held = holds.data();
      thread.lock_count = holds.size();
    }
    for (report::ThreadInfo &thread : threads) {
      const std::vector<report::Frame> &creation = thread.id == 1 ? t1_creation : t2_creation;
      if (thread.created_by >= 0) thread.creation_stack = {creation.data(), creation.size()};
    }
    deadlock.blocked = blocked.data();
    deadlock.blocked_count = blocked.size();
    deadlock.threads = threads.data();
    deadlock.thread_count = threads.size();
    finding.kind = report::FindingKind::kDeadlock;
    finding.deadlock = &deadlock;
    finding.key = 0;
    return finding;
  }

  // Not a cycle: main (thread 0) is blocked joining T1, T1 waits on condition variable 'ready'
  // that nobody will signal, holding nothing.
  void make_join_and_condition_variable() {
    blocked[0].thread = 0;
    blocked[0].what = report::WaitKind::kJoin;
    blocked[0].object = {};
    blocked[0].waits_for = 1;
    blocked[1].thread = 1;
    blocked[1].what = report::WaitKind::kConditionVariable;
    blocked[1].object = {0x55d0c0de2000, "ready", false};
    blocked[1].waits_for = -1;
    threads[1].id = 0;
    threads[1].name = "main";
    threads[1].created_by = -1;
    deadlock.is_cycle = false;
    deadlock.blocked_ms = 2500;
    t1_holds.clear();
    t2_holds.clear();
    rebuild();
  }

  // A cycle through a static initialization: main (thread 0) initializes a static guarded by
  // 'guard variable for registry()::instance' and joins T1, which waits for that initialization.
  void make_join_and_static_initialization() {
    make_join_and_condition_variable();
    blocked[1].what = report::WaitKind::kStaticInit;
    blocked[1].object = {0x55d0c0de3000, "guard variable for registry()::instance", false};
    blocked[1].waits_for = 0;
    deadlock.is_cycle = true;
    rebuild();
  }

  // Not a cycle: T1 and T2 wait on futex words (a latch that never reaches zero, a heap future).
  void make_futex_waits() {
    make_join_and_condition_variable();
    blocked[0].thread = 2;
    blocked[0].what = report::WaitKind::kFutex;
    blocked[0].object = {0x7f0000001000, nullptr, false};
    blocked[0].waits_for = -1;
    blocked[1].what = report::WaitKind::kFutex;
    blocked[1].object = {0x55d0c0de4000, "shards_loaded", false};
    threads[1].id = 2;
    threads[1].name = "T2";
    threads[1].created_by = 0;
    rebuild();
  }
};

std::string summary_of(const report::Finding &finding) {
  StringSink sink;
  report::write_summary(sink, finding);
  return sink.text;
}

std::string text_of(const report::Finding &finding, report::SourceReader *sources = nullptr) {
  StringSink sink;
  report::write_finding_text(sink, finding, sources, report::TextOptions{});
  return sink.text;
}

std::string json_document(const report::Finding &finding) {
  StringSink sink;
  report::JsonReportWriter writer(sink, nullptr, true);
  report::ProcessInfo process;
  process.pid = 4242;
  process.command = "./philosophers";
  writer.begin(process);
  writer.add(finding);
  writer.end();
  return sink.text;
}

// Reads `document` back; fails the test when the reader refuses it.
const report::LoadedFinding &read_back(report::ReportSet &set, const std::string &document) {
  report::InputError error;
  INFO(document);
  INFO(error.message);
  REQUIRE(set.add_text("philosophers.json", document, &error));
  REQUIRE(set.findings().size() == 1);
  return set.findings()[0].finding;
}

// The reader's problem with `document` after `from` is replaced by `to` ("" when it reads).
std::string problem_after(const report::Finding &finding, const std::string &from,
                          const std::string &to) {
  std::string document = json_document(finding);
  const size_t at = document.find(from);
  REQUIRE(at != std::string::npos);
  document.replace(at, from.size(), to);
  report::ReportSet set;
  report::InputError error;
  if (set.add_text("philosophers.json", document, &error)) return "";
  CHECK(set.findings().empty());
  return error.message;
}

bool suppressed_by(const report::Finding &finding, const std::string &text) {
  report::SuppressionRule rules[4];
  size_t count = 0;
  REQUIRE(report::parse_suppressions(text.data(), text.size(), rules, 4, &count, nullptr));
  return report::match_suppression(finding, rules, count) != nullptr;
}

}  // namespace

TEST_CASE("deadlock names its kind and waits", "[report][deadlock]") {
  CHECK(std::string(report::finding_kind_name(report::FindingKind::kDeadlock)) == "deadlock");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kLock)) == "lock");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kReadLock)) == "read-lock");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kJoin)) == "join");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kConditionVariable)) ==
        "condition-variable");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kSemaphore)) == "semaphore");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kBarrier)) == "barrier");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kFutex)) == "futex");
  CHECK(std::string(report::wait_kind_name(report::WaitKind::kStaticInit)) ==
        "static-initialization");
}

TEST_CASE("futex and static-initialization waits are named for what they are",
          "[report][deadlock][summary]") {
  DeadlockFixture futex;
  futex.make_futex_waits();
  CHECK(summary_of(futex.finding) ==
        "deadlock: 2 threads blocked forever, none can wake another: thread T2 in a futex wait "
        "(std::latch, std::barrier, semaphore, atomic wait or future) on 0x7f0000001000 at "
        "philosophers.c:31:3; thread T1 in a futex wait (std::latch, std::barrier, semaphore, "
        "atomic wait or future) on 'shards_loaded' at philosophers.c:21:3");

  DeadlockFixture init;
  init.make_join_and_static_initialization();
  CHECK(summary_of(init.finding) ==
        "deadlock: 2 threads blocked forever in a wait-for cycle: main thread joining thread T1 "
        "at philosophers.c:31:3; thread T1 waiting for main thread to initialize the static "
        "local guarded by 'guard variable for registry()::instance' at philosophers.c:21:3");
  init.blocked[1].waits_for = -1;
  init.deadlock.is_cycle = false;
  init.rebuild();
  CHECK(summary_of(init.finding).find("thread T1 waiting for another thread to initialize the "
                                      "static local guarded by") != std::string::npos);
}

TEST_CASE("futex and static-initialization waits survive the JSON round trip",
          "[report][deadlock][json]") {
  DeadlockFixture init;
  init.make_join_and_static_initialization();
  const std::string document = json_document(init.finding);
  INFO(document);
  CHECK(document.find("\"what\": \"static-initialization\"") != std::string::npos);
  report::ReportSet set;
  const report::LoadedFinding &loaded = read_back(set, document);
  REQUIRE(loaded.model() != nullptr);
  const report::Deadlock &read = *loaded.model()->deadlock;
  CHECK(read.is_cycle);
  REQUIRE(read.blocked_count == 2);
  CHECK(read.blocked[1].what == report::WaitKind::kStaticInit);
  CHECK(read.blocked[1].waits_for == 0);
  CHECK(std::string(read.blocked[1].object.name) == "guard variable for registry()::instance");
  CHECK(loaded.key() == report::finding_key(*loaded.model()));

  // The initializer may be unknown; a futex wait names no thread.
  init.blocked[1].waits_for = -1;
  init.deadlock.is_cycle = false;
  init.rebuild();
  CHECK(problem_after(init.finding, "\"cycle\": false", "\"cycle\": false").empty());
  DeadlockFixture futex;
  futex.make_futex_waits();
  report::ReportSet futex_set;
  const report::LoadedFinding &futex_loaded = read_back(futex_set, json_document(futex.finding));
  REQUIRE(futex_loaded.model() != nullptr);
  CHECK(futex_loaded.model()->deadlock->blocked[0].what == report::WaitKind::kFutex);
  CHECK(futex_loaded.model()->deadlock->blocked[0].object.address == 0x7f0000001000);
  CHECK(problem_after(futex.finding, "\"waits_for\": -1", "\"waits_for\": 1")
            .find("blocked[0].waits_for is a thread in a futex wait") != std::string::npos);
}

TEST_CASE("summary of a deadlock names each thread's wait, line and holder",
          "[report][deadlock][summary]") {
  DeadlockFixture fixture;
  CHECK(summary_of(fixture.finding) ==
        "deadlock: 2 threads blocked forever in a wait-for cycle: thread T1 locking mutex "
        "'fork_b' at philosophers.c:21:3 (held by thread T2); thread T2 locking mutex 'fork_a' "
        "at philosophers.c:31:3 (held by thread T1)");

  fixture.make_join_and_condition_variable();
  CHECK(summary_of(fixture.finding) ==
        "deadlock: 2 threads blocked forever, none can wake another: main thread joining thread "
        "T1 at philosophers.c:31:3; thread T1 waiting on condition variable 'ready' at "
        "philosophers.c:21:3");

  // A thread relocking a mutex it holds is a cycle of one; a rwlock read wait says its mode.
  DeadlockFixture self;
  self.blocked.resize(1);
  self.blocked[0].what = report::WaitKind::kReadLock;
  self.blocked[0].object = {kForkB, nullptr, true};
  self.blocked[0].waits_for = 1;
  self.rebuild();
  CHECK(summary_of(self.finding) ==
        "deadlock: 1 thread blocked forever waiting for itself: thread T1 locking rwlock "
        "0x55d0c0de1080 for reading at philosophers.c:21:3 (held by thread T1)");
}

TEST_CASE("the deadlock key is the multiset of waits and lines", "[report][deadlock][key]") {
  DeadlockFixture fixture;
  const uint64_t original = report::finding_key(fixture.finding);

  // A rotation of the cycle (the hang found from T2) is the same deadlock.
  std::rotate(fixture.blocked.begin(), fixture.blocked.begin() + 1, fixture.blocked.end());
  fixture.rebuild();
  CHECK(report::finding_key(fixture.finding) == original);

  // Addresses, names, thread ids, holders, held locks, directories, outer frames and the time
  // blocked do not enter it.
  fixture.blocked[0].object = {0x7f0000001000, "left", false};
  fixture.blocked[1].waits_for = -1;
  fixture.deadlock.blocked_ms = 99999;
  fixture.t1_blocked[0].file = "/elsewhere/philosophers.c";
  fixture.t2_blocked[1] = {"thread_main", "/src/philosophers.c", 77, 1};
  fixture.t1_holds.clear();
  fixture.rebuild();
  CHECK(report::finding_key(fixture.finding) == original);

  // Another line, another wait kind, or another thread count is another deadlock.
  DeadlockFixture moved;
  moved.t2_blocked[0].line = 32;
  moved.rebuild();
  CHECK(report::finding_key(moved.finding) != original);
  DeadlockFixture read_wait;
  read_wait.blocked[0].what = report::WaitKind::kReadLock;
  read_wait.rebuild();
  CHECK(report::finding_key(read_wait.finding) != original);
  DeadlockFixture shorter;
  shorter.blocked.resize(1);
  shorter.rebuild();
  CHECK(report::finding_key(shorter.finding) != original);

  // The user frame counts, not a system header frame inside std::mutex::lock.
  DeadlockFixture wrapped;
  wrapped.t1_blocked.insert(wrapped.t1_blocked.begin(),
                            {"std::mutex::lock()", "/usr/include/c++/12/bits/std_mutex.h", 100, 9});
  wrapped.rebuild();
  CHECK(report::finding_key(wrapped.finding) == original);
}

TEST_CASE("the text report of a deadlock shows every blocked thread and the cycle",
          "[report][deadlock][text]") {
  DeadlockFixture fixture;
  FakeSourceReader sources;
  sources.add("/src/philosophers.c", 21, "  pthread_mutex_lock(&fork_b);");
  sources.add("/src/philosophers.c", 30, "  pthread_mutex_lock(&fork_b);");
  const std::string text = text_of(fixture.finding, &sources);
  INFO(text);
  CHECK(text.rfind("==================\nWARNING: Interlock: deadlock (program ended) (key ", 0) ==
        0);
  CHECK(text.find("\n  deadlock: 2 threads blocked forever in a wait-for cycle: ") !=
        std::string::npos);
  CHECK(text.find("  Thread T1 is blocked locking mutex 'fork_b' (0x55d0c0de1080), held by "
                  "thread T2:\n"
                  "    #0 philosopher_left /src/philosophers.c:21:3\n"
                  "         21 |   pthread_mutex_lock(&fork_b);\n"
                  "    #1 start_thread\n"
                  "    Thread T2 locked it at:\n"
                  "      #0 philosopher_right /src/philosophers.c:30:3\n"
                  "           30 |   pthread_mutex_lock(&fork_b);\n"
                  "    Locks held:\n"
                  "      mutex 'fork_a' acquired at:\n"
                  "        #0 philosopher_left /src/philosophers.c:20:3\n") != std::string::npos);
  CHECK(text.find("  Thread T2 is blocked locking mutex 'fork_a' (0x55d0c0de1040), held by "
                  "thread T1:\n") != std::string::npos);
  CHECK(text.find("  Wait-for cycle: T1 waits for T2, which waits for T1; no thread of the cycle "
                  "can go on.\n  Blocked state unchanged for 1000 ms; the program was ended "
                  "instead of hanging.\n") != std::string::npos);
  CHECK(text.find("  Thread T2 (created by main thread at):\n    #0 main /src/philosophers.c:45:3")
        != std::string::npos);
  CHECK(text.size() > 19);
  CHECK(text.compare(text.size() - 19, 19, "==================\n") == 0);
}

TEST_CASE("the text report of a hang that is not a cycle says nobody can wake anyone",
          "[report][deadlock][text]") {
  DeadlockFixture fixture;
  fixture.make_join_and_condition_variable();
  const std::string text = text_of(fixture.finding);
  INFO(text);
  CHECK(text.find("  Thread main is blocked joining thread T1:\n    #0 philosopher_right") !=
        std::string::npos);
  CHECK(text.find("  Thread T1 is blocked waiting on condition variable 'ready' "
                  "(0x55d0c0de2000):\n") != std::string::npos);
  CHECK(text.find("locked it at") == std::string::npos);  // no lock wait, no holder
  CHECK(text.find("    Locks held: none\n") != std::string::npos);
  CHECK(text.find("  Every thread of the program is blocked and none of them can wake another.\n"
                  "  Blocked state unchanged for 2500 ms;") != std::string::npos);
  CHECK(text.find("Wait-for cycle") == std::string::npos);
}

TEST_CASE("a deadlock survives the JSON round trip through the reader",
          "[report][deadlock][json]") {
  DeadlockFixture fixture;
  const std::string document = json_document(fixture.finding);
  report::ReportSet set;
  const report::LoadedFinding &loaded = read_back(set, document);
  CHECK(loaded.kind() == "deadlock");
  CHECK(loaded.key() == report::finding_key(fixture.finding));
  CHECK(loaded.summary() == summary_of(fixture.finding));
  REQUIRE(loaded.model() != nullptr);
  REQUIRE(loaded.model()->deadlock != nullptr);
  const report::Deadlock &read = *loaded.model()->deadlock;
  CHECK(read.is_cycle);
  CHECK(read.blocked_ms == 1000);
  REQUIRE(read.blocked_count == 2);
  CHECK(read.blocked[0].thread == 1);
  CHECK(read.blocked[0].what == report::WaitKind::kLock);
  CHECK(read.blocked[0].object.address == kForkB);
  CHECK(std::string(read.blocked[0].object.name) == "fork_b");
  CHECK(read.blocked[0].waits_for == 2);
  REQUIRE(read.blocked[0].stack.count == 2);
  CHECK(read.blocked[0].stack.frames[0].line == 21);
  CHECK(read.blocked[0].stack.frames[1].file == nullptr);
  REQUIRE(read.blocked[0].holder_locked_at.count == 1);
  CHECK(read.blocked[0].holder_locked_at.frames[0].line == 30);
  REQUIRE(read.blocked[0].lock_count == 1);
  CHECK(read.blocked[0].locks_held[0].address == kForkA);
  CHECK(read.blocked[0].locks_held[0].acquired_at.frames[0].line == 20);
  CHECK(read.thread_count == 2);
  // Written again from what was read, it is the same finding, in text too.
  CHECK(summary_of(*loaded.model()) == summary_of(fixture.finding));
  CHECK(report::finding_key(*loaded.model()) == loaded.key());
  CHECK(text_of(*loaded.model()) == text_of(fixture.finding));
  // Stacks for SARIF and the CLI: each blocked thread, then where its lock's holder took it.
  const auto &stacks = loaded.thread_stacks();
  REQUIRE(stacks.size() == 4);
  CHECK(stacks[0].label == "T1 blocked locking mutex 'fork_b', held by thread T2");
  CHECK(stacks[0].thread == 1);
  CHECK(stacks[1].label == "T2 locked mutex 'fork_b' here");
  CHECK(stacks[1].thread == 2);
  CHECK(stacks[1].stack.frames[0].line == 30);
  CHECK(stacks[2].label == "T2 blocked locking mutex 'fork_a', held by thread T1");
}

TEST_CASE("a join's object is null in JSON and reads back", "[report][deadlock][json]") {
  DeadlockFixture fixture;
  fixture.make_join_and_condition_variable();
  const std::string document = json_document(fixture.finding);
  INFO(document);
  CHECK(document.find("\"what\": \"join\",\n          \"object\": null,") != std::string::npos);
  CHECK(document.find("\"cycle\": false") != std::string::npos);
  report::ReportSet set;
  const report::LoadedFinding &loaded = read_back(set, document);
  REQUIRE(loaded.model() != nullptr);
  const report::Deadlock &read = *loaded.model()->deadlock;
  CHECK_FALSE(read.is_cycle);
  REQUIRE(read.blocked_count == 2);
  CHECK(read.blocked[0].what == report::WaitKind::kJoin);
  CHECK(read.blocked[0].object.address == 0);
  CHECK(read.blocked[1].what == report::WaitKind::kConditionVariable);
  CHECK(read.blocked[1].waits_for == -1);
  CHECK(loaded.key() == report::finding_key(*loaded.model()));
  CHECK(loaded.thread_stacks().size() == 2);
  CHECK(loaded.thread_stacks()[0].label == "main blocked joining thread T1");
  CHECK(loaded.thread_stacks()[1].label == "T1 blocked waiting on condition variable 'ready'");
}

TEST_CASE("a malformed deadlock is bad input naming the member", "[report][deadlock][json]") {
  DeadlockFixture fixture;
  CHECK(problem_after(fixture.finding, "\"what\": \"lock\"", "\"what\": \"spin\"")
            .find("findings[0]: deadlock: blocked[0].what is not lock, read-lock, join") !=
        std::string::npos);
  // T1 said to wait for itself breaks the chain T1 -> T2 -> T1.
  CHECK(problem_after(fixture.finding, "\"waits_for\": 2", "\"waits_for\": 1")
            .find("blocked[0].waits_for is not blocked[1].thread") != std::string::npos);
  CHECK(problem_after(fixture.finding, "\"thread\": 2,\n", "\"thread\": 1,\n")
            .find("blocked[1].thread repeats blocked[0].thread") != std::string::npos);
  CHECK(problem_after(fixture.finding, "\"cycle\": true", "\"cycle\": 1")
            .find("cycle is not true or false") != std::string::npos);
  const std::string document = json_document(fixture.finding);
  const size_t blocked = document.find("\"blocked\": [");
  const size_t threads = document.find("\"threads\": [", blocked);
  REQUIRE(blocked != std::string::npos);
  REQUIRE(threads != std::string::npos);
  std::string emptied = document;
  emptied.replace(blocked, threads - blocked, "\"blocked\": [],\n  ");
  report::ReportSet set;
  report::InputError error;
  CHECK_FALSE(set.add_text("philosophers.json", emptied, &error));
  CHECK(error.message.find("blocked is not an array of one or more") != std::string::npos);

  DeadlockFixture hang;
  hang.make_join_and_condition_variable();
  CHECK(problem_after(hang.finding, "\"waits_for\": 1", "\"waits_for\": -1")
            .find("blocked[0].waits_for is -1 in a join") != std::string::npos);
  CHECK(problem_after(hang.finding, "\"object\": null", "\"object\": 7")
            .find("blocked[0].object is not null in a join") != std::string::npos);
  CHECK(problem_after(hang.finding, "\"waits_for\": -1", "\"waits_for\": 0")
            .find("blocked[1].waits_for is a thread in a condition-variable wait") !=
        std::string::npos);
  CHECK(problem_after(hang.finding, "\"waits_for\": -1", "\"waits_for\": -1").empty());
}

TEST_CASE("deadlock: rules match a blocked stack, the holder's and the object's name",
          "[report][deadlock][suppressions]") {
  DeadlockFixture fixture;
  const report::Finding &finding = fixture.finding;
  CHECK(suppressed_by(finding, "deadlock:philosopher_left"));
  CHECK(suppressed_by(finding, "deadlock:start_thread"));  // any frame, not only the innermost
  CHECK(suppressed_by(finding, "deadlock:^fork_a$"));
  CHECK(suppressed_by(finding, "thread:^T2$"));
  CHECK_FALSE(suppressed_by(finding, "called_from_lib:/src/"));  // a source path is no module
  CHECK_FALSE(suppressed_by(finding, "deadlock:nowhere"));
  CHECK_FALSE(suppressed_by(finding, "race:philosopher_left"));
  CHECK_FALSE(suppressed_by(finding, "mutex:fork_a"));

  // Where the holder locked the awaited lock counts even when no blocked stack shows it.
  DeadlockFixture holder;
  holder.blocked.resize(1);
  holder.blocked[0].waits_for = 2;  // T2 holds fork_b and has exited: no cycle, its stack stays
  holder.deadlock.is_cycle = false;
  holder.rebuild();
  CHECK(suppressed_by(holder.finding, "deadlock:philosopher_right"));
  CHECK_FALSE(suppressed_by(holder.finding, "thread:^T2$"));  // T2 is not blocked
  CHECK(suppressed_by(holder.finding, "thread:^T1$"));

  // A join waits on no object: its (absent) name never matches.
  DeadlockFixture hang;
  hang.make_join_and_condition_variable();
  CHECK(suppressed_by(hang.finding, "deadlock:^ready$"));
  CHECK(suppressed_by(hang.finding, "thread:^main$"));
  CHECK_FALSE(suppressed_by(hang.finding, "deadlock:^fork"));
}

TEST_CASE("the reader's suppression subject agrees with the model's matching",
          "[report][deadlock][suppressions]") {
  DeadlockFixture fixture;
  fixture.blocked.resize(1);
  fixture.blocked[0].waits_for = 2;
  fixture.deadlock.is_cycle = false;
  fixture.rebuild();
  report::ReportSet set;
  const report::LoadedFinding &loaded = read_back(set, json_document(fixture.finding));
  for (const std::string text :
       {"deadlock:philosopher_left", "deadlock:philosopher_right", "deadlock:fork_b",
        "deadlock:fork_a", "thread:^T1$", "thread:^T2$", "called_from_lib:/src/",
        "race:philosopher_left", "mutex:fork_b"}) {
    INFO(text);
    report::SuppressionRule rules[1];
    size_t count = 0;
    REQUIRE(report::parse_suppressions(text.data(), text.size(), rules, 1, &count, nullptr));
    CHECK((report::match_suppression(loaded.suppression_subject(), rules, count) != nullptr) ==
          (report::match_suppression(fixture.finding, rules, count) != nullptr));
  }
}

TEST_CASE("in SARIF a deadlock is a deadlock result at the first blocked thread",
          "[report][deadlock][sarif]") {
  DeadlockFixture fixture;
  report::ReportSet set;
  read_back(set, json_document(fixture.finding));
  std::vector<report::ReportedFinding> reported{{&set.findings()[0], false}};
  const std::string sarif = report::write_sarif(reported, false);
  INFO(sarif);
  interlock::json::ParseError parse_error;
  const auto document = interlock::json::parse(sarif, &parse_error);
  REQUIRE(document.has_value());
  const interlock::json::Value &run = (*document)["runs"].at(0);
  const interlock::json::Value &rule = run["tool"]["driver"]["rules"].at(0);
  CHECK(rule["id"].as_string() == "deadlock");
  CHECK(rule["defaultConfiguration"]["level"].as_string() == "error");
  const interlock::json::Value &result = run["results"].at(0);
  CHECK(result["ruleId"].as_string() == "deadlock");
  CHECK(result["message"]["text"].as_string() == summary_of(fixture.finding));
  const interlock::json::Value &location = result["locations"].at(0);
  CHECK(location["physicalLocation"]["region"]["startLine"].as_int() == 21);
  CHECK(location["message"]["text"].as_string() ==
        "T1 blocked locking mutex 'fork_b', held by thread T2");
  // T2 locking fork_b, T2 blocked, T1 locking fork_a.
  CHECK(result["relatedLocations"].size() == 3);
  CHECK(result["codeFlows"].at(0)["threadFlows"].size() == 4);
  CHECK(result["partialFingerprints"]["interlockKey/v1"].as_string() ==
        set.findings()[0].finding.key_text());
}

TEST_CASE("a lone thread blocked with nobody left to wake it", "[report][deadlock][summary]") {
  DeadlockFixture fixture;
  fixture.make_join_and_condition_variable();
  fixture.blocked.erase(fixture.blocked.begin());  // main has exited; T1 waits on 'ready'
  fixture.rebuild();
  CHECK(summary_of(fixture.finding) ==
        "deadlock: 1 thread blocked forever, no thread left to wake it: thread T1 waiting on "
        "condition variable 'ready' at philosophers.c:21:3");
  const std::string text = text_of(fixture.finding);
  INFO(text);
  CHECK(text.find("  The program's only live thread is blocked and no thread is left to wake "
                  "it.\n") != std::string::npos);
}
