#include "runtime/suppressions.h"

#include "detector/report/suppressions.h"
#include "runtime/internal_alloc.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

report::SuppressionRule *g_rules;
size_t g_rule_count;

[[noreturn]] void bad_suppressions(const char *path, unsigned line, const char *what) {
  print_line("%s:%u: %s", path, line, what);
  os_exit(2);
}

[[noreturn]] void unreadable_suppressions(const char *path) {
  print_line("%s: cannot read the suppressions file: %s", path, os_error_text(os_last_error()));
  os_exit(2);
}

}  // namespace

void load_suppressions(const char *path) {
  if (!path || !path[0]) return;
  int fd = os_open_read(path);
  if (fd < 0) unreadable_suppressions(path);
  // The rules point into the text, which therefore stays for the life of the process.
  size_t capacity = 64 * 1024, size = 0;
  char *text = static_cast<char *>(internal_alloc(capacity));
  for (;;) {
    if (size == capacity) {
      char *bigger = static_cast<char *>(internal_alloc(capacity * 2));
      for (size_t i = 0; i < size; i++) bigger[i] = text[i];
      internal_free(text, capacity);
      text = bigger;
      capacity *= 2;
    }
    long n = os_read(fd, text + size, capacity - size);
    if (n < 0) unreadable_suppressions(path);
    if (n == 0) break;
    size += size_t(n);
  }
  os_close(fd);
  size_t lines = 1;
  for (size_t i = 0; i < size; i++) lines += text[i] == '\n';
  g_rules = internal_new_zeroed<report::SuppressionRule>(lines);
  report::SuppressionError error;
  if (!report::parse_suppressions(text, size, g_rules, lines, &g_rule_count, &error))
    bad_suppressions(path, error.line, error.message);
}

bool is_suppressed(const report::Finding &finding) {
  return g_rule_count && report::match_suppression(finding, g_rules, g_rule_count) != nullptr;
}

}  // namespace interlock
