// The e2e runner's reading of a test program's expectations (tests/e2e/expectations.h): lines
// given by number, and lines derived from the markers on the racing lines.
#include <catch2/catch.hpp>

#include "tests/e2e/expectations.h"

using interlock::e2e::parse_expectations;

namespace {
std::vector<int> lines_of(const std::string &program, size_t finding = 0) {
  std::string error;
  auto parsed = parse_expectations(program, &error);
  INFO(error);
  REQUIRE(parsed);
  REQUIRE(finding < parsed->findings.size());
  return parsed->findings[finding].lines;
}
std::string error_of(const std::string &program) {
  std::string error;
  REQUIRE_FALSE(parse_expectations(program, &error));
  return error;
}
}  // namespace

TEST_CASE("a data race's lines come from its RACE markers", "[e2e_expectations]") {
  const std::string program =
      "// EXPECT: data-race\n"  // 1
      "// TSAN: same\n"         // 2
      "// RACE markers in a whole-line comment mark nothing\n"
      "int x;\n"
      "void a() { x = 1; }  // RACE: the write, free text after it\n"  // 5
      "void b() { int y = x; (void)y; }  // RACE\n";                   // 6
  CHECK(lines_of(program) == std::vector<int>{5, 6});
}

TEST_CASE("labels pick the markers of one finding, and xN repeats a line", "[e2e_expectations]") {
  const std::string program =
      "// EXPECT: data-race :first\n"
      "// EXPECT: lock-order-cycle\n"
      "// EXPECT: data-race :second\n"
      "// TSAN: same\n"
      "f();  // RACE:first RACE:second\n"  // 5
      "g();  // RACE:first\n"              // 6
      "h();  // CYCLE x2, both edges\n"    // 7
      "k();  // RACE:second\n";            // 8
  CHECK(lines_of(program, 0) == std::vector<int>{5, 6});
  CHECK(lines_of(program, 1) == std::vector<int>{7, 7});
  CHECK(lines_of(program, 2) == std::vector<int>{5, 8});
}

TEST_CASE("explicit line numbers still work", "[e2e_expectations]") {
  CHECK(lines_of("// EXPECT: data-race 9 4\n// TSAN: same\nf();  // RACE\n") ==
        std::vector<int>{4, 9});
}

TEST_CASE("missing or wrong markers are errors naming the line", "[e2e_expectations]") {
  CHECK_THAT(error_of("// EXPECT: data-race\n// TSAN: same\nf();\n"),
             Catch::Contains("line 1") && Catch::Contains("no line is marked '// RACE'"));
  CHECK_THAT(error_of("// EXPECT: data-race :late\n// TSAN: same\nf();  // RACE:early\n"),
             Catch::Contains("'// RACE:late'"));
  CHECK_THAT(error_of("// EXPECT: data-race\n// TSAN: same\nf();  // RACE\n"),
             Catch::Contains("exactly two"));
  CHECK_THAT(error_of("// EXPECT: data-race :x 3 4\n// TSAN: same\n"),
             Catch::Contains("a label and line numbers together"));
}
