// End to end: the pairs a built program registers reach the runtime's table. The helpers are
// not instrumented, so inside them __interlock_callsite still holds the site main stored for the
// call (the descriptor the plugin paired); main asks the runtime's own lookup
// (runtime/site_dependences.h, linked into the program) about those sites.
#include <cstdio>

struct interlock_site;
extern "C" __thread const interlock_site *__interlock_callsite
    __attribute__((tls_model("initial-exec")));
namespace interlock {
bool site_depends_on(const interlock_site *dependent, const interlock_site *source);
}

namespace {
const interlock_site *get_site, *set_site, *reset_site;
int stored;

__attribute__((disable_sanitizer_instrumentation, noinline)) int get_value() {
  get_site = __interlock_callsite;
  return stored;
}
__attribute__((disable_sanitizer_instrumentation, noinline)) void set_value(int value) {
  set_site = __interlock_callsite;
  stored = value;
}
__attribute__((disable_sanitizer_instrumentation, noinline)) void reset_value(int value) {
  reset_site = __interlock_callsite;
  stored = value;
}
}  // namespace

int main() {
  int value = get_value();
  set_value(value + 1);  // computed from get_value(): a pair
  reset_value(42);       // independent: no pair
  const bool dependent = interlock::site_depends_on(set_site, get_site);
  const bool independent = interlock::site_depends_on(reset_site, get_site);
  std::printf("set <- get: %d, reset <- get: %d\n", dependent, independent);
  return get_site && set_site && reset_site && dependent && !independent ? 0 : 1;
}
