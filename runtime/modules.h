// Instrumented modules: the executable and the shared libraries built with the plugin, each known
// by its load address, the address ranges of its code and data, and its path.
//
// The runtime needs them for two things: a report names the module each frame's code is in (the
// `module` of a frame, which `called_from_lib:` suppressions match), and dlclose must know which
// libraries the runtime keeps pointers into (runtime/interceptors/dlclose.cpp). A module is
// noted by its constructor's call to __interlock_init; it stays known after it is unloaded, by
// its data, which the runtime keeps at the same addresses so that old sites stay readable.
//
// Thread-safety: every function may be called from any thread; the list only grows, under a
// spin lock held across fork (runtime/fork.h).
#ifndef INTERLOCK_RUNTIME_MODULES_H
#define INTERLOCK_RUNTIME_MODULES_H

#include "runtime/platform.h"

namespace interlock {

struct AddressRange {
  uintptr_t begin;
  uintptr_t end;
  bool contains(uintptr_t address) const { return address >= begin && address < end; }
};

// Where a module's memory is. `data`: its non-executable segments' file-backed pages (read-only
// data, relocated constants such as the plugin's sites, initialized data); `writable`: its
// writable segments, zeroed part included.
constexpr int kMaxModuleSegments = 16;
struct ModuleMemory {
  uintptr_t load_address;
  AddressRange code[kMaxModuleSegments];
  int code_count;
  AddressRange data[kMaxModuleSegments];
  int data_count;
  AddressRange writable[kMaxModuleSegments];
  int writable_count;
};

// Notes the module whose code holds `constructor_code` (the plugin's constructor calling
// __interlock_init). Called once per instrumented translation unit: a module already known is
// not looked up again.
void note_instrumented_module(const void *constructor_code);

// The loaded instrumented module the loader placed at `load_address` (a link_map's l_addr), if
// any: true, and its memory in `out`.
bool find_loaded_instrumented_module(uintptr_t load_address, ModuleMemory *out);

// Whether the loader still has a module at `load_address` (after a dlclose).
bool module_loaded_at(uintptr_t load_address);

// The module at `load_address` was unloaded: it no longer counts as loaded, but its data (and so
// its name for the sites there) does.
void instrumented_module_unloaded(uintptr_t load_address);

// The path of the instrumented module whose data holds `address` (a site's file or function
// name), or null.
const char *module_containing(const void *address);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_MODULES_H
