// Prints docs/runtime-entry-points.md from runtime/entry_points.def: every function the plugin
// calls in the runtime, its C signature and what it models. The build writes it next to the
// build's other outputs; the test docs.runtime_entry_points compares it with the copy in docs/.
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/interface.h"

namespace {

struct Entry {
  const char *group;
  std::string signature;
  const char *model;
};

// The C spelling of each type word: interface.h's own INTERLOCK_C_TYPE_<word>, as text.
#define INTERLOCK_DOC_QUOTE(...) #__VA_ARGS__
#define INTERLOCK_DOC_STRING(...) INTERLOCK_DOC_QUOTE(__VA_ARGS__)
#define INTERLOCK_DOC_TYPE(word) INTERLOCK_DOC_STRING(INTERLOCK_C_TYPE_##word)

std::string param(const char *type, const char *name) {
  std::string text = type;
  if (text.back() != '*') text += ' ';
  return text + name;
}
std::string params(std::vector<std::string> list) {
  if (list.empty()) return "(void)";
  std::string text = "(";
  for (size_t i = 0; i < list.size(); i++) text += (i ? ", " : "") + list[i];
  return text + ")";
}

#define INTERLOCK_PARAM(t, n) param(INTERLOCK_DOC_TYPE(t), #n)
#define INTERLOCK_PARAM_LIST(...) params({__VA_ARGS__})
#define INTERLOCK_NO_PARAMS params({})

std::vector<Entry> entries() {
  std::vector<Entry> list;
#define INTERLOCK_ENTRY(group, name, result, parameters, model)                              \
  list.push_back({#group,                                                                    \
                  param(INTERLOCK_DOC_TYPE(result), "__interlock_" #name) + parameters,         \
                  model});
#include "runtime/entry_points.def"
#undef INTERLOCK_ENTRY
  return list;
}

const char *heading(const std::string &group) {
  if (group == "module") return "Module life";
  if (group == "stack") return "Calling contexts";
  if (group == "coroutine") return "C++20 coroutines (where a coroutine runs and suspends)";
  if (group == "access") return "Plain memory accesses (called before the access)";
  if (group == "vptr") return "C++ vtable pointers (called before the access)";
  if (group == "intrinsic") return "Memory intrinsics (checked and performed by the runtime)";
  if (group == "atomic") return "Atomics (performed by the runtime)";
  return nullptr;
}

}  // namespace

int main() {
  std::printf(
      "# Runtime entry points\n\n"
      "<!-- Generated from runtime/entry_points.def by tools/entry_points_doc: do not edit. After a\n"
      "     change to the list, copy <build>/docs/runtime-entry-points.md here (the test\n"
      "     docs.runtime_entry_points says when). -->\n\n"
      "Every function Interlock's compiler plugin calls in its runtime: the whole boundary\n"
      "between instrumented code and the detector. All are `extern \"C\"`, declared in\n"
      "`runtime/interface.h` (installed as `<prefix>/include/interlock/interface.h`) from the same\n"
      "list, together with `struct interlock_site`, `struct interlock_global` and the one variable\n"
      "the plugin stores to, `__interlock_callsite` (initial-exec TLS: the site of the call being\n"
      "made). Any entry point may be called from any thread, at any time after the program's first\n"
      "constructor, including from a signal handler. `mo` is a C11 memory order: 0 relaxed,\n"
      "1 consume, 2 acquire, 3 release, 4 acq_rel, 5 seq_cst. docs/design.md section 1 says when\n"
      "the plugin emits each call.\n");
  std::string group;
  for (const Entry &entry : entries()) {
    if (entry.group != group) {
      group = entry.group;
      const char *title = heading(group);
      if (!title) {
        std::fprintf(stderr, "entry_points.def: group '%s' has no heading here\n", group.c_str());
        return 2;
      }
      std::printf("\n## %s\n\n| entry point | what it models |\n|---|---|\n", title);
    }
    std::printf("| `%s` | %s |\n", entry.signature.c_str(), entry.model);
  }
  return 0;
}
