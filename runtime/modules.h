// Instrumented modules (the executable and shared libraries built with the plugin), as far as the
// runtime must know them: when the program unloads an instrumented library, the runtime forgets
// its globals and keeps its sites readable (runtime/interceptors/modules.cpp says how and why).
#ifndef INTERLOCK_RUNTIME_MODULES_H
#define INTERLOCK_RUNTIME_MODULES_H

namespace interlock {

// Notes that the code at `constructor_code` (an address inside a module's constructor, the
// plugin's call to __interlock_init) belongs to an instrumented module. Thread-safe.
void note_instrumented_module(const void *constructor_code);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_MODULES_H
