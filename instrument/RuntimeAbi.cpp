#include "RuntimeAbi.h"

#include "llvm/ADT/SmallVector.h"
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

const char *const RmwNames[] = {"exchange",  "fetch_add", "fetch_sub",  "fetch_and",
                                "fetch_or",  "fetch_xor", "fetch_nand", "fetch_max",
                                "fetch_min", "fetch_umax", "fetch_umin"};
static_assert(sizeof(RmwNames) / sizeof(RmwNames[0]) == static_cast<size_t>(AtomicRmwOp::Count),
              "one runtime name per read-modify-write operation");

}  // namespace

RuntimeAbi::RuntimeAbi(Module &module, PointerType *sitePointer) {
  LLVMContext &context = module.getContext();
  Type *voidType = Type::getVoidTy(context);
  Type *bytePointer = Type::getInt8PtrTy(context);
  Type *int32 = Type::getInt32Ty(context);
  Type *sizeType = module.getDataLayout().getIntPtrType(context);

  FuncEntry = declare(module, "__interlock_func_entry", bytePointer, {sitePointer});
  FuncExit = declare(module, "__interlock_func_exit", voidType, {bytePointer});

  for (unsigned index = 0; index < AccessSizeCount; ++index) {
    unsigned bytes = 1u << index;
    Read[index] = declare(module, "__interlock_read" + Twine(bytes), voidType,
                          {bytePointer, sitePointer});
    Write[index] = declare(module, "__interlock_write" + Twine(bytes), voidType,
                           {bytePointer, sitePointer});
    if (bytes > 1) {
      UnalignedRead[index] = declare(module, "__interlock_unaligned_read" + Twine(bytes),
                                     voidType, {bytePointer, sitePointer});
      UnalignedWrite[index] = declare(module, "__interlock_unaligned_write" + Twine(bytes),
                                      voidType, {bytePointer, sitePointer});
    }
  }
  ReadRange = declare(module, "__interlock_read_range", voidType,
                      {bytePointer, sizeType, sitePointer});
  WriteRange = declare(module, "__interlock_write_range", voidType,
                       {bytePointer, sizeType, sitePointer});

  VptrRead = declare(module, "__interlock_vptr_read", voidType, {bytePointer, sitePointer});
  VptrUpdate = declare(module, "__interlock_vptr_update", voidType,
                       {bytePointer, bytePointer, sitePointer});

  Memcpy = declare(module, "__interlock_memcpy", bytePointer,
                   {bytePointer, bytePointer, sizeType, sitePointer});
  Memmove = declare(module, "__interlock_memmove", bytePointer,
                    {bytePointer, bytePointer, sizeType, sitePointer});
  Memset = declare(module, "__interlock_memset", bytePointer,
                   {bytePointer, int32, sizeType, sitePointer});

  for (unsigned index = 0; index < AtomicWidthCount; ++index) {
    unsigned bits = 8u << index;
    Type *value = Type::getIntNTy(context, bits);
    Type *address = value->getPointerTo();
    std::string prefix = "__interlock_atomic" + std::to_string(bits) + "_";
    AtomicLoad[index] = declare(module, prefix + "load", value, {address, int32, sitePointer});
    AtomicStore[index] =
        declare(module, prefix + "store", voidType, {address, value, int32, sitePointer});
    AtomicCompareExchange[index] =
        declare(module, prefix + "compare_exchange", value,
                {address, value, value, int32, int32, sitePointer});
    for (size_t op = 0; op < static_cast<size_t>(AtomicRmwOp::Count); ++op)
      AtomicRmw[index][op] =
          declare(module, prefix + RmwNames[op], value, {address, value, int32, sitePointer});
  }
  // The runtime entry takes the libatomic call's own arguments, then the site and the libatomic
  // function (any function pointer travels as i8*).
  const struct {
    const char *name;
    Type *result;
    SmallVector<Type *, 6> params;
  } generic[] = {
      {"load", voidType, {sizeType, bytePointer, bytePointer, int32}},
      {"store", voidType, {sizeType, bytePointer, bytePointer, int32}},
      {"exchange", voidType, {sizeType, bytePointer, bytePointer, bytePointer, int32}},
      {"compare_exchange", int32,
       {sizeType, bytePointer, bytePointer, bytePointer, int32, int32}},
  };
  static_assert(sizeof(generic) / sizeof(generic[0]) == static_cast<size_t>(LibatomicOp::Count),
                "one runtime entry point per libatomic generic function");
  for (size_t op = 0; op < static_cast<size_t>(LibatomicOp::Count); ++op) {
    SmallVector<Type *, 8> params(generic[op].params.begin(), generic[op].params.end());
    params.push_back(sitePointer);
    params.push_back(bytePointer);
    AtomicGeneric[op] = declare(module, Twine("__interlock_atomic_generic_") + generic[op].name,
                                generic[op].result, params);
  }

  AtomicFence = declare(module, "__interlock_atomic_fence", voidType, {int32});

  Init = declare(module, "__interlock_init", voidType, {});
  // The table's element type is private to the module; the runtime only sees a pointer.
  RegisterGlobals = declare(module, "__interlock_register_globals", voidType,
                            {bytePointer, sizeType});

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
