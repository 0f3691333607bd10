#include "runtime/flags.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/platform.h"

namespace interlock {

Flags g_flags;

namespace {

bool parse_color(const char *v, ColorMode *out) {
  if (!strcmp(v, "auto")) return *out = ColorMode::kAuto, true;
  if (!strcmp(v, "always")) return *out = ColorMode::kAlways, true;
  if (!strcmp(v, "never")) return *out = ColorMode::kNever, true;
  return false;
}

void set_default(Flags &f) {
#define INTERLOCK_FLAG_DEFAULT_Int(name, def) f.name = def;
#define INTERLOCK_FLAG_DEFAULT_Bool(name, def) f.name = def;
#define INTERLOCK_FLAG_DEFAULT_String(name, def) format(f.name, kFlagStringCapacity, "%s", def);
#define INTERLOCK_FLAG_DEFAULT_Color(name, def) parse_color(def, &f.name);
#define INTERLOCK_FLAG(type, name, def, help) INTERLOCK_FLAG_DEFAULT_##type(name, def)
#include "runtime/flags.def"
#undef INTERLOCK_FLAG
#undef INTERLOCK_FLAG_DEFAULT_Int
#undef INTERLOCK_FLAG_DEFAULT_Bool
#undef INTERLOCK_FLAG_DEFAULT_String
#undef INTERLOCK_FLAG_DEFAULT_Color
}

bool parse_int(const char *v, int *out) {
  if (!*v) return false;
  char *end;
  long x = strtol(v, &end, 10);
  if (*end || x < -2147483647L || x > 2147483647L) return false;
  *out = static_cast<int>(x);
  return true;
}

bool parse_bool(const char *v, bool *out) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) return *out = true, true;
  if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) return *out = false, true;
  return false;
}

bool parse_string(const char *v, char *out) {
  if (strlen(v) >= kFlagStringCapacity) return false;
  format(out, kFlagStringCapacity, "%s", v);
  return true;
}

// Applies one "key=value"; returns false (after printing why) if it is not a known, valid option.
bool apply(Flags &f, const char *key, const char *value) {
#define INTERLOCK_FLAG_PARSE_Int(name) parse_int(value, &f.name)
#define INTERLOCK_FLAG_PARSE_Bool(name) parse_bool(value, &f.name)
#define INTERLOCK_FLAG_PARSE_String(name) parse_string(value, f.name)
#define INTERLOCK_FLAG_PARSE_Color(name) parse_color(value, &f.name)
#define INTERLOCK_FLAG_EXPECT_Int "an integer"
#define INTERLOCK_FLAG_EXPECT_Bool "0 or 1"
#define INTERLOCK_FLAG_EXPECT_String "a string shorter than 512 bytes"
#define INTERLOCK_FLAG_EXPECT_Color "auto, always or never"
#define INTERLOCK_FLAG(type, name, def, help)                                              \
  if (!strcmp(key, #name)) {                                                               \
    if (INTERLOCK_FLAG_PARSE_##type(name)) return true;                                    \
    print_line("INTERLOCK_OPTIONS: bad value '%s' for option '%s' (expected %s); using the " \
               "default",                                                                  \
               value, key, INTERLOCK_FLAG_EXPECT_##type);                                  \
    return false;                                                                          \
  }
#include "runtime/flags.def"
#undef INTERLOCK_FLAG
  print_line("INTERLOCK_OPTIONS: unknown option '%s' (ignored; `interlock options` lists them)",
             key);
  return false;
}

// A run id goes into file names: nothing that could leave the report directory or need quoting.
bool valid_run_id(const char *id) {
  size_t n = 0;
  for (; id[n]; n++) {
    const char c = id[n];
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!allowed) return false;
  }
  return n <= size_t(kMaxRunIdLength);
}

}  // namespace

int parse_flags(const char *options) {
  set_default(g_flags);
  if (!options) return 0;
  int problems = 0;
  char item[1024];
  const char *p = options;
  while (*p) {
    // TSan accepts ':' and whitespace as separators; so do we.
    while (*p == ':' || *p == ' ' || *p == '\t' || *p == '\n' || *p == ',') p++;
    if (!*p) break;
    size_t n = 0;
    while (p[n] && p[n] != ':' && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != ',') n++;
    if (n >= sizeof item) n = sizeof item - 1;
    memcpy(item, p, n);
    item[n] = '\0';
    p += n;
    char *eq = strchr(item, '=');
    if (!eq) {
      print_line("INTERLOCK_OPTIONS: '%s' is not of the form key=value (ignored)", item);
      problems++;
      continue;
    }
    *eq = '\0';
    if (!apply(g_flags, item, eq + 1)) problems++;
  }
  if (!valid_run_id(g_flags.run_id)) {
    print_line("INTERLOCK_OPTIONS: bad value '%s' for option 'run_id' (expected up to %d letters, "
               "digits, '-' and '_'); using none",
               g_flags.run_id, kMaxRunIdLength);
    g_flags.run_id[0] = '\0';
    problems++;
  }
  return problems;
}

void print_flag_help(int fd) {
  char line[1024];
#define INTERLOCK_FLAG_SHOW_Int(def) "%d", def
#define INTERLOCK_FLAG_SHOW_Bool(def) "%d", (def) ? 1 : 0
#define INTERLOCK_FLAG_SHOW_String(def) "%s", def
#define INTERLOCK_FLAG_SHOW_Color(def) "%s", def
#define INTERLOCK_FLAG(type, name, def, help)                                    \
  {                                                                              \
    char value[600];                                                             \
    format(value, sizeof value, INTERLOCK_FLAG_SHOW_##type(def));                \
    size_t n = format(line, sizeof line, "%-16s default %-8s %s\n", #name, value, help); \
    os_write(fd, line, n);                                                       \
  }
#include "runtime/flags.def"
#undef INTERLOCK_FLAG
}

}  // namespace interlock
