#include "real.h"

#include <dlfcn.h>
#include <string.h>
#include <unistd.h>

#include "../rt.h"
#include "../thread_state.h"

namespace interlock {

namespace {

void write_all_to_stderr(const char *text, size_t length) {
  while (length > 0) {
    ssize_t written = write(2, text, length);
    if (written <= 0) return;  // nothing better to do on the way to _exit
    text += written;
    length -= static_cast<size_t>(written);
  }
}

}  // namespace

void die_cannot_resolve(const char *name) {
  static const char kPrefix[] = "interlock: internal error: cannot resolve ";
  write_all_to_stderr(kPrefix, sizeof kPrefix - 1);
  write_all_to_stderr(name, strlen(name));
  write_all_to_stderr("\n", 1);
  _exit(70);
}

void *lookup_next_symbol(const char *name, const char *version) {
  // dlsym may allocate (dlerror buffers); those allocations are the runtime's, not the program's.
  ScopedInRuntime in_runtime(cur_thread());
  return version == nullptr ? dlsym(RTLD_NEXT, name) : dlvsym(RTLD_NEXT, name, version);
}

static_assert(sizeof(RealFunction<void()>) == sizeof(RealFunctionSlot) &&
                  alignof(RealFunctionSlot) == alignof(void *) &&
                  sizeof(RealFunctionSlot) % alignof(void *) == 0,
              "the section is walked as an array of RealFunctionSlot");

}  // namespace interlock

// Bounds of the section, defined by the linker.
extern "C" interlock::RealFunctionSlot __start_interlock_real_functions[];
extern "C" interlock::RealFunctionSlot __stop_interlock_real_functions[];

void interlock::resolve_all_real_functions() {
  for (RealFunctionSlot *slot = __start_interlock_real_functions;
       slot != __stop_interlock_real_functions; ++slot) {
    if (slot->address_if_present() == nullptr) continue;  // reported at first use, if ever used
  }
}
