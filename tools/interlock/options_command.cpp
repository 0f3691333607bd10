#include "options_command.h"

#include <cstdio>
#include <cstring>

#include "cli_support.h"

namespace interlock::cli {

namespace {

struct RuntimeOption {
  const char *name;
  const char *type;
  std::string default_text;
  const char *help;
};

std::string default_text_Int(long long value) { return std::to_string(value); }
std::string default_text_Bool(bool value) { return value ? "true" : "false"; }
std::string default_text_String(const char *value) {
  return *value != '\0' ? std::string(value) : std::string("\"\" (unset)");
}
std::string default_text_Color(const char *value) { return value; }

const RuntimeOption kRuntimeOptions[] = {
#define INTERLOCK_FLAG(type, name, def, help) {#name, #type, default_text_##type(def), help},
#include "runtime/flags.def"
#undef INTERLOCK_FLAG
};

const char *type_word(const char *type) {
  if (std::strcmp(type, "Int") == 0) return "integer";
  if (std::strcmp(type, "Bool") == 0) return "boolean";
  if (std::strcmp(type, "Color") == 0) return "auto, always or never";
  return "string";
}

}  // namespace

std::string runtime_options_listing() {
  std::string out =
      "Runtime options, set as INTERLOCK_OPTIONS=name=value:name=value (TSan's syntax).\n"
      "Booleans take 1/0, true/false or yes/no.\n\n";
  size_t width = 0;
  for (const RuntimeOption &option : kRuntimeOptions)
    width = std::max(width, std::strlen(option.name) + 1 + option.default_text.size());
  for (const RuntimeOption &option : kRuntimeOptions) {
    std::string head = std::string(option.name) + "=" + option.default_text;
    head.resize(std::max(head.size(), width), ' ');
    out += "  " + head + "  (" + type_word(option.type) + ") " + option.help + "\n";
  }
  return out;
}

int options_command(int argc, char **argv) {
  if (argc > 1 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
    std::fputs("usage: interlock options\n\nLists every runtime option with its default and "
               "meaning.\n",
               stdout);
    return kExitClean;
  }
  if (argc > 1) {
    return report_bad_input({kCommandLine, 0,
                             std::string("'interlock options' takes no arguments, got '") +
                                 argv[1] + "'"});
  }
  const std::string listing = runtime_options_listing();
  std::fwrite(listing.data(), 1, listing.size(), stdout);
  return kExitClean;
}

}  // namespace interlock::cli
