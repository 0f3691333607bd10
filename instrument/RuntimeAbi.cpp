#include "RuntimeAbi.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace interlock {

namespace {

// Declares `name` with the given type, nounwind: none of the runtime's entry points throws.
FunctionCallee declare(Module &module, const Twine &name, Type *result, ArrayRef<Type *> params) {
  FunctionCallee callee =
      module.getOrInsertFunction(name.str(), FunctionType::get(result, params, false));
  if (auto *function = dyn_cast<Function>(callee.getCallee()))
    function->addFnAttr(Attribute::NoUnwind);
  return callee;
}

// The LLVM type of each type word of runtime/entry_points.def (which says what they are).
struct EntryPointTypes {
  Type *Void, *Site, *Addr, *ConstAddr, *VolatileAddr, *ConstVolatileAddr, *Size, *Int, *Order,
      *Context, *Globals, *SitePairs;
  Type *Val8, *Val16, *Val32, *Val64, *Val128;
  Type *Ptr8, *Ptr16, *Ptr32, *Ptr64, *Ptr128;
  Type *ConstPtr8, *ConstPtr16, *ConstPtr32, *ConstPtr64, *ConstPtr128;
  Type *LibatomicLoad, *LibatomicStore, *LibatomicExchange, *LibatomicCompareExchange;

  EntryPointTypes(Module &module, PointerType *sitePointer) {
    LLVMContext &context = module.getContext();
    // Every pointer but the site travels as i8*: the runtime's structures and libatomic's
    // functions are opaque to the module (the globals table's element type is private to it).
    Type *bytePointer = Type::getInt8PtrTy(context);
    Void = Type::getVoidTy(context);
    Site = sitePointer;
    Addr = ConstAddr = VolatileAddr = ConstVolatileAddr = Context = Globals = SitePairs =
        bytePointer;
    LibatomicLoad = LibatomicStore = LibatomicExchange = LibatomicCompareExchange = bytePointer;
    Size = module.getDataLayout().getIntPtrType(context);
    Int = Order = Type::getInt32Ty(context);
    Type **values[] = {&Val8, &Val16, &Val32, &Val64, &Val128};
    Type **pointers[] = {&Ptr8, &Ptr16, &Ptr32, &Ptr64, &Ptr128};
    Type **constPointers[] = {&ConstPtr8, &ConstPtr16, &ConstPtr32, &ConstPtr64, &ConstPtr128};
    for (unsigned index = 0; index < AtomicWidthCount; ++index) {
      *values[index] = Type::getIntNTy(context, 8u << index);
      *pointers[index] = *constPointers[index] = (*values[index])->getPointerTo();
    }
  }
};

// Declares every entry point of runtime/entry_points.def in `module`, by name without the prefix.
StringMap<FunctionCallee> declareEntryPoints(Module &module, const EntryPointTypes &T) {
  StringMap<FunctionCallee> declared;
#define INTERLOCK_PARAM(t, n) T.t
#define INTERLOCK_PARAM_LIST(...) {__VA_ARGS__}
#define INTERLOCK_NO_PARAMS ArrayRef<Type *>()
#define INTERLOCK_ENTRY(group, name, result, params, model) \
  declared[#name] = declare(module, "__interlock_" #name, T.result, params);
#include "runtime/entry_points.def"
#undef INTERLOCK_ENTRY
#undef INTERLOCK_PARAM
#undef INTERLOCK_PARAM_LIST
#undef INTERLOCK_NO_PARAMS
  return declared;
}

const char *const RmwNames[] = {"exchange",  "fetch_add", "fetch_sub",  "fetch_and",
                                "fetch_or",  "fetch_xor", "fetch_nand", "fetch_max",
                                "fetch_min", "fetch_umax", "fetch_umin"};
static_assert(sizeof(RmwNames) / sizeof(RmwNames[0]) == static_cast<size_t>(AtomicRmwOp::Count),
              "one runtime name per read-modify-write operation");

const char *const GenericNames[] = {"load", "store", "exchange", "compare_exchange"};
static_assert(sizeof(GenericNames) / sizeof(GenericNames[0]) ==
                  static_cast<size_t>(LibatomicOp::Count),
              "one runtime entry point per libatomic generic function");

}  // namespace

RuntimeAbi::RuntimeAbi(Module &module, PointerType *sitePointer) {
  const EntryPointTypes types(module, sitePointer);
  const StringMap<FunctionCallee> declared = declareEntryPoints(module, types);
  // The plugin's own names for what it calls: a name missing from the list is a plugin bug.
  auto entry = [&](const Twine &name) {
    auto found = declared.find(name.str());
    if (found == declared.end())
      report_fatal_error("Interlock plugin: runtime/entry_points.def has no __interlock_" + name);
    return found->second;
  };

  FuncEntry = entry("func_entry");
  FuncExit = entry("func_exit");
  for (unsigned index = 0; index < AccessSizeCount; ++index) {
    unsigned bytes = 1u << index;
    Read[index] = entry("read" + Twine(bytes));
    Write[index] = entry("write" + Twine(bytes));
    if (bytes > 1) {
      UnalignedRead[index] = entry("unaligned_read" + Twine(bytes));
      UnalignedWrite[index] = entry("unaligned_write" + Twine(bytes));
    }
  }
  ReadRange = entry("read_range");
  WriteRange = entry("write_range");
  VptrRead = entry("vptr_read");
  VptrUpdate = entry("vptr_update");
  Memcpy = entry("memcpy");
  Memmove = entry("memmove");
  Memset = entry("memset");
  for (unsigned index = 0; index < AtomicWidthCount; ++index) {
    const std::string prefix = "atomic" + std::to_string(8u << index) + "_";
    AtomicLoad[index] = entry(prefix + "load");
    AtomicStore[index] = entry(prefix + "store");
    AtomicCompareExchange[index] = entry(prefix + "compare_exchange");
    for (size_t op = 0; op < static_cast<size_t>(AtomicRmwOp::Count); ++op)
      AtomicRmw[index][op] = entry(prefix + RmwNames[op]);
  }
  for (size_t op = 0; op < static_cast<size_t>(LibatomicOp::Count); ++op)
    AtomicGeneric[op] = entry(Twine("atomic_generic_") + GenericNames[op]);
  AtomicFence = entry("atomic_fence");
  Init = entry("init");
  RegisterGlobals = entry("register_globals");
  RegisterDependences = entry("register_dependences");
  RegisterValueDependences = entry("register_value_dependences");
  RegisterControlDependences = entry("register_control_dependences");
  RegisterAddressDependences = entry("register_address_dependences");
  RegisterOverwrites = entry("register_overwrites");
  CoroutineBegin = entry("coroutine_begin");
  CoroutineSuspend = entry("coroutine_suspend");
  CoroutineResume = entry("coroutine_resume");
  CoroutineFree = entry("coroutine_free");

  Callsite = module.getGlobalVariable("__interlock_callsite");
  if (!Callsite) {
    Callsite = new GlobalVariable(module, sitePointer, /*isConstant=*/false,
                                  GlobalValue::ExternalLinkage, /*Initializer=*/nullptr,
                                  "__interlock_callsite", /*InsertBefore=*/nullptr,
                                  GlobalValue::InitialExecTLSModel);
  }
}

int c11MemoryOrder(AtomicOrdering ordering) {
  switch (ordering) {
  case AtomicOrdering::NotAtomic:
  case AtomicOrdering::Unordered:
  case AtomicOrdering::Monotonic:
    return 0;
  case AtomicOrdering::Acquire:
    return 2;
  case AtomicOrdering::Release:
    return 3;
  case AtomicOrdering::AcquireRelease:
    return 4;
  case AtomicOrdering::SequentiallyConsistent:
    return 5;
  }
  return 5;
}

bool libatomicOp(StringRef name, LibatomicOp &result) {
  if (name == "__atomic_load") result = LibatomicOp::Load;
  else if (name == "__atomic_store") result = LibatomicOp::Store;
  else if (name == "__atomic_exchange") result = LibatomicOp::Exchange;
  else if (name == "__atomic_compare_exchange") result = LibatomicOp::CompareExchange;
  else return false;
  return true;
}

bool runtimeRmwOp(AtomicRMWInst::BinOp op, AtomicRmwOp &result) {
  switch (op) {
  case AtomicRMWInst::Xchg: result = AtomicRmwOp::Exchange; return true;
  case AtomicRMWInst::Add: result = AtomicRmwOp::Add; return true;
  case AtomicRMWInst::Sub: result = AtomicRmwOp::Sub; return true;
  case AtomicRMWInst::And: result = AtomicRmwOp::And; return true;
  case AtomicRMWInst::Or: result = AtomicRmwOp::Or; return true;
  case AtomicRMWInst::Xor: result = AtomicRmwOp::Xor; return true;
  case AtomicRMWInst::Nand: result = AtomicRmwOp::Nand; return true;
  case AtomicRMWInst::Max: result = AtomicRmwOp::Max; return true;
  case AtomicRMWInst::Min: result = AtomicRmwOp::Min; return true;
  case AtomicRMWInst::UMax: result = AtomicRmwOp::UMax; return true;
  case AtomicRMWInst::UMin: result = AtomicRmwOp::UMin; return true;
  default: return false;  // fadd, fsub: no runtime entry point (docs/design.md section 1)
  }
}

}  // namespace interlock
