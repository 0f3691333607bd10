// Runtime options, parsed once from INTERLOCK_OPTIONS ("key=value:key=value", TSan's syntax).
//
// Values are read without synchronization after initialize(), which runs before the program's
// own threads exist. Bad input never stops the program: an unknown key or a malformed value
// prints one line naming it and the option keeps its default.
#ifndef INTERLOCK_RUNTIME_FLAGS_H
#define INTERLOCK_RUNTIME_FLAGS_H

namespace interlock {

constexpr int kFlagStringCapacity = 512;

// Colour in stderr reports: `auto` colours on a terminal unless NO_COLOR is set.
enum class ColorMode { kAuto, kAlways, kNever };
constexpr int kMaxRunIdLength = 64;

struct Flags {
#define INTERLOCK_FLAG_FIELD_Int(name) int name;
#define INTERLOCK_FLAG_FIELD_Bool(name) bool name;
#define INTERLOCK_FLAG_FIELD_String(name) char name[kFlagStringCapacity];
#define INTERLOCK_FLAG_FIELD_Color(name) ColorMode name;
#define INTERLOCK_FLAG(type, name, def, help) INTERLOCK_FLAG_FIELD_##type(name)
#include "runtime/flags.def"
#undef INTERLOCK_FLAG
#undef INTERLOCK_FLAG_FIELD_Int
#undef INTERLOCK_FLAG_FIELD_Bool
#undef INTERLOCK_FLAG_FIELD_String
#undef INTERLOCK_FLAG_FIELD_Color
};

// The options in force (set by parse_flags at start-up, read-only afterwards). Inline: the
// access slow path reads some on every call. (Hidden: the runtime is built position-independent,
// and a visible global is reached through the GOT, one more load per option read.)
extern Flags g_flags __attribute__((visibility("hidden")));
inline const Flags &flags() { return g_flags; }

// Resets every option to its default, then applies `options` (may be null). Problems are
// reported on stderr, one line each. Returns the number of problems.
int parse_flags(const char *options);

// Writes "name default value  help" lines for every option (the `help` option).
void print_flag_help(int fd);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FLAGS_H
