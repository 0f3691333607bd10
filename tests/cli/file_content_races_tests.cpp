// Joining file-event records of several processes into races on file contents
// (file_content_races.h).
#include <catch2/catch.hpp>

#include <string>

#include "detector/report/file_content_races.h"

using namespace interlock::report;

namespace {

std::string header(int pid, long started, int parent = 0, int parent_seq = 0) {
  std::string p = parent ? "{\"pid\": " + std::to_string(parent) + ", \"seq\": " +
                               std::to_string(parent_seq) + "}"
                         : "null";
  return "{\"interlock_file_events\": 1, \"pid\": " + std::to_string(pid) +
         ", \"command\": \"./bump\", \"started\": " + std::to_string(started) +
         ", \"parent\": " + p + "}\n";
}

std::string stack_line(int id, int line) {
  return "{\"e\": \"stack\", \"id\": " + std::to_string(id) +
         ", \"frames\": [{\"function\": \"bump\", \"file\": \"/src/bump.c\", \"line\": " +
         std::to_string(line) + ", \"column\": 3}]}\n";
}

std::string access(int seq, long t, bool write, int stack, int offset = 0) {
  return "{\"e\": \"access\", \"seq\": " + std::to_string(seq) + ", \"t\": " + std::to_string(t) +
         ", \"thread\": 0, \"dev\": 2049, \"ino\": 7, \"path\": \"/tmp/seq\", \"offset\": " +
         std::to_string(offset) + ", \"size\": 8, \"write\": " + (write ? "true" : "false") +
         ", \"call\": \"" + (write ? "pwrite" : "pread") + "\", \"stack\": " +
         std::to_string(stack) + "}\n";
}

std::string lock(const char *e, int seq, long t, bool shared) {
  return std::string("{\"e\": \"") + e + "\", \"seq\": " + std::to_string(seq) +
         ", \"t\": " + std::to_string(t) +
         ", \"thread\": 0, \"dev\": 2049, \"ino\": 9, \"family\": \"flock\", \"start\": 0, "
         "\"end\": null, \"shared\": " + (shared ? "true" : "false") +
         ", \"name\": \"flock /tmp/log\"}\n";
}

// A process bumping the number at time `t0`, under the lock (`mode`: "", "ex" or "sh").
std::string bumper(int pid, long t0, const char *mode) {
  std::string text = header(pid, t0) + stack_line(1, 10) + stack_line(2, 12);
  const bool locked = mode[0] != '\0';
  const bool shared = std::string(mode) == "sh";
  int seq = 1;
  if (locked) text += lock("acquire", seq++, t0 + 1, shared);
  text += access(seq++, t0 + 2, false, 1);
  text += access(seq++, t0 + 3, true, 2);
  if (locked) text += lock("release", seq++, t0 + 4, shared);
  return text;
}

}  // namespace

TEST_CASE("two processes bumping a file without a lock race on its bytes", "[file-events]") {
  FileContentRaces races;
  InputError error;
  REQUIRE(races.add_text("a.file-events", bumper(100, 1000, ""), &error));
  REQUIRE(races.add_text("b.file-events", bumper(200, 1005, ""), &error));
  const auto found = races.races();
  REQUIRE(found.size() == 2);  // read/write and write/write: one per pair of sites
  const DataRace &race = *found[0].model()->race;
  CHECK(race.memory.kind == MemoryKind::kFile);
  CHECK(std::string(race.memory.name) == "/tmp/seq");
  CHECK(race.accesses[0].pid != race.accesses[1].pid);
  CHECK(std::string(race.accesses[0].call).rfind("p", 0) == 0);
}

TEST_CASE("exclusive file-lock holds order the processes: shared ones do not order writers",
          "[file-events]") {
  InputError error;
  FileContentRaces exclusive;
  REQUIRE(exclusive.add_text("a.file-events", bumper(100, 1000, "ex"), &error));
  REQUIRE(exclusive.add_text("b.file-events", bumper(200, 1010, "ex"), &error));
  CHECK(exclusive.races().empty());
  FileContentRaces shared;
  REQUIRE(shared.add_text("a.file-events", bumper(100, 1000, "sh"), &error));
  REQUIRE(shared.add_text("b.file-events", bumper(200, 1010, "sh"), &error));
  CHECK(shared.races().size() == 2);
}

TEST_CASE("a forked child follows its parent's events before the fork", "[file-events]") {
  InputError error;
  FileContentRaces races;
  REQUIRE(races.add_text("p.file-events",
                         header(100, 1000) + stack_line(1, 20) + access(1, 1001, true, 1), &error));
  REQUIRE(races.add_text("c.file-events",
                         header(101, 1002, 100, 1) + stack_line(1, 30) + access(1, 1003, false, 1),
                         &error));
  CHECK(races.races().empty());
  // The same child, forked before the parent's write, races with it.
  FileContentRaces early;
  REQUIRE(early.add_text("p.file-events",
                         header(100, 1000) + stack_line(1, 20) + access(1, 1004, true, 1), &error));
  REQUIRE(early.add_text("c.file-events",
                         header(101, 1002, 100, 0) + stack_line(1, 30) + access(1, 1005, false, 1),
                         &error));
  CHECK(early.races().size() == 1);
}

TEST_CASE("a cut line is left out: a whole line that is no event is bad input", "[file-events]") {
  InputError error;
  FileContentRaces races;
  CHECK(races.add_text("a.file-events", bumper(100, 1000, "") + "{\"e\": \"acc", &error));
  CHECK_FALSE(races.add_text("b.file-events", header(200, 5) + "{\"e\": \"nothing\"}\n", &error));
  CHECK(error.file == "b.file-events");
  CHECK(error.line == 2);
}
