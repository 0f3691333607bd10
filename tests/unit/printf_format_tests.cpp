// The printf format walk (runtime/interceptors/printf_format.h) on synthetic formats: which
// arguments it visits, how many bytes each, and that every other conversion consumes exactly
// its argument (a wrong type would shift the strings visited after it).
#include "runtime/interceptors/printf_format.h"

#include <stdint.h>
#include <wchar.h>

#include <catch2/catch.hpp>
#include <vector>

namespace {

using interlock::PrintfMemory;

struct Visit {
  const void *address;
  size_t size;
  bool is_write;
  bool operator==(const Visit &other) const {
    return address == other.address && size == other.size && is_write == other.is_write;
  }
};

std::ostream &operator<<(std::ostream &out, const Visit &visit) {
  return out << (visit.is_write ? "write " : "read ") << visit.address << " " << visit.size;
}

void record(void *context, const PrintfMemory &memory) {
  static_cast<std::vector<Visit> *>(context)->push_back(
      Visit{memory.address, memory.size, memory.is_write});
}

std::vector<Visit> walk(const char *format, ...) {
  std::vector<Visit> visits;
  va_list arguments;
  va_start(arguments, format);
  interlock::visit_printf_memory(format, arguments, record, &visits);
  va_end(arguments);
  return visits;
}

Visit read(const void *address, size_t size) { return Visit{address, size, false}; }
Visit write(const void *address, size_t size) { return Visit{address, size, true}; }

using Visits = std::vector<Visit>;

}  // namespace

TEST_CASE("printf format: %s reads the string and its terminator", "[printf_format]") {
  const char text[] = "abc";
  CHECK(walk("%s", text) == Visits{read(text, 4)});
  CHECK(walk("name: %s!\n", text) == Visits{read(text, 4)});
  CHECK(walk("%-8s|%8s", text, text + 1) == Visits{read(text, 4), read(text + 1, 3)});
}

TEST_CASE("printf format: a precision bounds what %s reads", "[printf_format]") {
  const char text[] = "abcdef";
  CHECK(walk("%.2s", text) == Visits{read(text, 2)});
  CHECK(walk("%.6s", text) == Visits{read(text, 6)});   // stops at the precision, not the NUL
  CHECK(walk("%.10s", text) == Visits{read(text, 7)});  // the string ends first
  CHECK(walk("%.*s", 3, text) == Visits{read(text, 3)});
  CHECK(walk("%.*s", -1, text) == Visits{read(text, 7)});  // negative: no precision
  CHECK(walk("%10.*s", 1, text) == Visits{read(text, 1)});
  CHECK(walk("%.s%s", text, text) == Visits{read(text, 7)});  // "%.s" reads nothing
}

TEST_CASE("printf format: a null %s is printed as (null), not read", "[printf_format]") {
  const char text[] = "x";
  CHECK(walk("%s %s", static_cast<const char *>(nullptr), text) == Visits{read(text, 2)});
}

TEST_CASE("printf format: a width given as * consumes an int", "[printf_format]") {
  const char text[] = "xy";
  CHECK(walk("%*d %s", 5, 42, text) == Visits{read(text, 3)});
  CHECK(walk("%*.*s", 4, 1, text) == Visits{read(text, 1)});
  CHECK(walk("%-*s", 7, text) == Visits{read(text, 3)});
}

TEST_CASE("printf format: every integer length consumes its own type", "[printf_format]") {
  const char text[] = "end";
  CHECK(walk("%d %i %o %u %x %X %s", 1, 2, 3u, 4u, 5u, 6u, text) == Visits{read(text, 4)});
  CHECK(walk("%hhd %hd %ld %lld %qd %jd %zu %td %s", 1, 2, 3L, 4LL, 5LL, intmax_t{6}, size_t{7},
             ptrdiff_t{8}, text) == Visits{read(text, 4)});
  CHECK(walk("%c %lc %C %p %s", 'a', 'b', 'c', static_cast<void *>(nullptr), text) ==
        Visits{read(text, 4)});
}

TEST_CASE("printf format: floating conversions consume a double or a long double",
          "[printf_format]") {
  const char text[] = "end";
  // A long double is passed in memory, a double in a vector register: taking one for the other
  // misplaces every argument that follows.
  CHECK(walk("%f %Lf %s", 1.0, 2.0L, text) == Visits{read(text, 4)});
  CHECK(walk("%e %E %g %G %a %A %F %lf %s", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, text) ==
        Visits{read(text, 4)});
  CHECK(walk("%Le %s %Lg %s", 1.0L, text, 2.0L, text + 1) ==
        Visits{read(text, 4), read(text + 1, 3)});
}

TEST_CASE("printf format: ll and q on a floating conversion mean long double, as in glibc",
          "[printf_format]") {
  const char text[] = "end";
  // Six pointers first, so that the strings after the long doubles come from the stack too.
  const char *p = text;
  CHECK(walk("%p %p %p %p %p %p %llf %qf %s", p, p, p, p, p, p, 1.0L, 2.0L, text) ==
        Visits{read(text, 4)});
}

TEST_CASE("printf format: %b and %B consume an unsigned int", "[printf_format]") {
  const char text[] = "end";
  CHECK(walk("%b %B %lb %s", 5u, 6u, 7ul, text) == Visits{read(text, 4)});
}

TEST_CASE("printf format: flags are skipped", "[printf_format]") {
  const char text[] = "abcdef";
  CHECK(walk("%-+ #0'I5.3s", text) == Visits{read(text, 3)});
  CHECK(walk("%08.3f%s", 1.5, text) == Visits{read(text, 7)});
}

TEST_CASE("printf format: %n writes an object of its length's size", "[printf_format]") {
  signed char c;
  short h;
  int i;
  long l;
  long long ll;
  size_t z;
  intmax_t j;
  ptrdiff_t t;
  CHECK(walk("ab%n", &i) == Visits{write(&i, sizeof i)});
  CHECK(walk("%hhn%hn%ln%lln", &c, &h, &l, &ll) ==
        Visits{write(&c, 1), write(&h, 2), write(&l, 8), write(&ll, 8)});
  CHECK(walk("%zn%jn%tn", &z, &j, &t) ==
        Visits{write(&z, sizeof z), write(&j, sizeof j), write(&t, sizeof t)});
  const char text[] = "q";
  CHECK(walk("%s%n%s", text, &i, text) ==
        Visits{read(text, 2), write(&i, sizeof i), read(text, 2)});
}

TEST_CASE("printf format: %% and %m consume nothing", "[printf_format]") {
  const char text[] = "abc";
  CHECK(walk("100%% %s", text) == Visits{read(text, 4)});
  CHECK(walk("%%s %s", text) == Visits{read(text, 4)});
  CHECK(walk("%m: %s", text) == Visits{read(text, 4)});
  CHECK(walk("no conversion at all").empty());
}

TEST_CASE("printf format: %ls and %S read wide characters", "[printf_format]") {
  const wchar_t text[] = L"ab";
  CHECK(walk("%ls", text) == Visits{read(text, 3 * sizeof(wchar_t))});
  CHECK(walk("%S", text) == Visits{read(text, 3 * sizeof(wchar_t))});
  CHECK(walk("%.1ls", text) == Visits{read(text, sizeof(wchar_t))});
  // glibc takes ll, q and L on s as l.
  CHECK(walk("%lls", text) == Visits{read(text, 3 * sizeof(wchar_t))});
  CHECK(walk("%Ls", text) == Visits{read(text, 3 * sizeof(wchar_t))});
  CHECK(walk("%ls", static_cast<const wchar_t *>(nullptr)).empty());
}

TEST_CASE("printf format: the walk stops where it cannot know what comes next",
          "[printf_format]") {
  const char text[] = "abc";
  // Positional arguments need a second pass to learn their types.
  CHECK(walk("%1$s", text).empty());
  CHECK(walk("%s %2$s", text, text) == Visits{read(text, 4)});
  CHECK(walk("%*1$d %s", 3, text).empty());
  CHECK(walk("%.*2$s %s", 3, text).empty());
  // An unknown conversion, or a format ending inside a conversion.
  CHECK(walk("%y %s", text).empty());
  CHECK(walk("%s %", text) == Visits{read(text, 4)});
  CHECK(walk("%s %-5", text) == Visits{read(text, 4)});
}
