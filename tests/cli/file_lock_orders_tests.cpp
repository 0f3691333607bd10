// Joining file-lock order records of several processes into lock-order cycles (file_lock_orders.h).
#include <catch2/catch.hpp>

#include <string>

#include "detector/report/file_lock_orders.h"

using namespace interlock::report;

namespace {

std::string lock(const char *name, int ino) {
  return std::string("{\"dev\": 2049, \"ino\": ") + std::to_string(ino) +
         ", \"family\": \"flock\", \"owner\": \"description\", \"start\": 0, \"end\": null, "
         "\"path\": \"/tmp/" + name + "\", \"name\": \"flock /tmp/" + name +
         "\", \"mode\": \"write\"}";
}

std::string stack(int line) {
  return "[{\"function\": \"take\", \"file\": \"/src/jobs.c\", \"line\": " +
         std::to_string(line) + ", \"column\": 3}]";
}

// One record: process `pid`, thread `thread`, holding `held` (inode) while requesting `requested`.
std::string record(int pid, int thread, const char *held, int held_ino, const char *requested,
                   int requested_ino, const std::string &also_held = "") {
  return "{\"interlock_file_lock_order\": 1, \"pid\": " + std::to_string(pid) +
         ", \"command\": \"./job " + std::to_string(pid) + "\", \"thread\": " +
         std::to_string(thread) + ", \"held\": " + lock(held, held_ino) +
         ", \"requested\": " + lock(requested, requested_ino) + ", \"held_at\": " + stack(10) +
         ", \"requested_at\": " + stack(12) + ", \"also_held\": [" + also_held + "]}\n";
}

}  // namespace

TEST_CASE("file-lock orders of two processes that cross make one cycle between them",
          "[file-locks]") {
  FileLockOrders orders;
  InputError error;
  REQUIRE(orders.add_text("p1.file-locks", record(100, 0, "a", 1, "b", 2), &error));
  REQUIRE(orders.add_text("p2.file-locks", record(200, 0, "b", 2, "a", 1), &error));
  std::vector<LoadedFinding> cycles = orders.cycles();
  REQUIRE(cycles.size() == 1);
  const LockOrderCycle &cycle = *cycles[0].model()->cycle;
  REQUIRE(cycle.edge_count == 2);
  CHECK(cycle.edges[0].pid != cycle.edges[1].pid);
  CHECK(cycle.locks[0].is_file_lock);
  CHECK(std::string(cycle.locks[0].name).find("flock /tmp/") == 0);
  CHECK(std::string(cycle.edges[0].command).find("./job") == 0);
  CHECK(cycle.edges[0].requested_at.frames[0].line == 12);
}

TEST_CASE("three processes close a cycle of three file locks", "[file-locks]") {
  FileLockOrders orders;
  InputError error;
  REQUIRE(orders.add_text("p1.file-locks", record(1, 0, "a", 1, "b", 2), &error));
  REQUIRE(orders.add_text("p2.file-locks", record(2, 0, "b", 2, "c", 3), &error));
  REQUIRE(orders.add_text("p3.file-locks", record(3, 0, "c", 3, "a", 1), &error));
  std::vector<LoadedFinding> cycles = orders.cycles();
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0].model()->cycle->edge_count == 3);
}

TEST_CASE("a cycle inside one process is left to that process's own report", "[file-locks]") {
  FileLockOrders orders;
  InputError error;
  REQUIRE(orders.add_text("p1.file-locks",
                          record(1, 1, "a", 1, "b", 2) + record(1, 2, "b", 2, "a", 1), &error));
  CHECK(orders.cycles().empty());
}

TEST_CASE("a file lock every process holds around the inversion is a gate: no cycle",
          "[file-locks]") {
  FileLockOrders orders;
  InputError error;
  REQUIRE(orders.add_text("p1.file-locks", record(1, 0, "a", 1, "b", 2, lock("g", 9)), &error));
  REQUIRE(orders.add_text("p2.file-locks", record(2, 0, "b", 2, "a", 1, lock("g", 9)), &error));
  CHECK(orders.cycles().empty());
}

TEST_CASE("a record cut short by a process's death is left out: a bad line is bad input",
          "[file-locks]") {
  FileLockOrders orders;
  InputError error;
  std::string cut = record(1, 0, "a", 1, "b", 2);
  cut.pop_back();
  REQUIRE(orders.add_text("p1.file-locks", cut, &error));
  CHECK(orders.records() == 0);
  CHECK_FALSE(orders.add_text("p2.file-locks", "{\"interlock_file_lock_order\": 1}\n", &error));
  CHECK(error.file == "p2.file-locks");
  CHECK(error.line == 1);
}
