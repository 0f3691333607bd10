// The per-module constructor that starts the runtime and registers the module's globals
// (`struct interlock_global` table, docs/design.md section 1 "Module registration").
#ifndef INTERLOCK_INSTRUMENT_MODULE_REGISTRATION_H
#define INTERLOCK_INSTRUMENT_MODULE_REGISTRATION_H

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

// Adds a priority-0 constructor calling __interlock_init() then
// __interlock_register_globals(table, count) with this module's registerable globals.
void addModuleConstructor(llvm::Module &module, const RuntimeAbi &runtime,
                          SiteDescriptors &sites);

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_MODULE_REGISTRATION_H
