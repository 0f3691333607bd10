// The per-module constructor that starts the runtime and registers the module's globals
// (`struct interlock_global` table) and its sites' dependence pairs (docs/design.md section 1
// "Module registration").
#ifndef INTERLOCK_INSTRUMENT_MODULE_REGISTRATION_H
#define INTERLOCK_INSTRUMENT_MODULE_REGISTRATION_H

#include "SiteDependences.h"

namespace llvm {
class GlobalVariable;
class Module;
}  // namespace llvm

namespace interlock {

class SiteDescriptors;
struct RuntimeAbi;

// Name of the constructor; its presence marks a module as already instrumented.
constexpr const char *ModuleConstructorName = "__interlock_module_ctor";

// True for the globals the runtime should know by name: defined here, writable, not
// thread-local, not the compiler's or Interlock's own.
bool isRegisterableGlobal(const llvm::GlobalVariable &global);

// Adds a priority-0 constructor calling __interlock_init(), then
// __interlock_register_globals(table, count) with this module's registerable globals and
// the pairs of `dependences` by kind: __interlock_register_dependences(pairs, count) with those
// of both kinds, __interlock_register_value_dependences with those through the value only,
// __interlock_register_control_dependences with those through control only; then
// __interlock_register_address_dependences(pairs, count) with `addressDependences` and
// __interlock_register_overwrites(pairs, count) with `overwrites` (each call only when its table
// is not empty).
void addModuleConstructor(llvm::Module &module, const RuntimeAbi &runtime,
                          SiteDescriptors &sites, const SiteDependenceKinds &dependences,
                          const SiteDependencePairs &addressDependences,
                          const SiteDependencePairs &overwrites);

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_MODULE_REGISTRATION_H
