#include "ModuleRegistration.h"

#include "RuntimeAbi.h"
#include "SiteDescriptors.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <vector>

using namespace llvm;

namespace interlock {

bool isRegisterableGlobal(const GlobalVariable &global) {
  if (global.isDeclarationForLinker() || global.isConstant() || global.isThreadLocal())
    return false;
  StringRef name = global.getName();
  if (name.startswith("llvm.") || name.startswith("__interlock") || name.startswith("__llvm"))
    return false;
  if (global.hasSection() && global.getSection().startswith("llvm."))
    return false;
  // A local symbol inside a comdat cannot be referenced from outside that comdat: the section
  // may be discarded by the linker.
  if (global.hasLocalLinkage() && global.hasComdat())
    return false;
  if (!global.getValueType()->isSized())
    return false;
  return global.getAddressSpace() == 0;
}

namespace {

// File and line of a global from its debug info; empty/0 without it.
void globalDefinition(const GlobalVariable &global, std::string &file, unsigned &line) {
  SmallVector<DIGlobalVariableExpression *, 1> expressions;
  global.getDebugInfo(expressions);
  for (DIGlobalVariableExpression *expression : expressions) {
    if (DIGlobalVariable *variable = expression->getVariable()) {
      file = absolutePath(variable->getDirectory(), variable->getFilename());
      line = variable->getLine();
      return;
    }
  }
}

}  // namespace

void addModuleConstructor(Module &module, const RuntimeAbi &runtime, SiteDescriptors &sites,
                          const SiteDependenceKinds &dependences,
                          const SiteDependencePairs &addressDependences,
                          const SiteDependencePairs &overwrites) {
  LLVMContext &context = module.getContext();
  const DataLayout &layout = module.getDataLayout();
  Type *bytePointer = Type::getInt8PtrTy(context);
  Type *int64 = Type::getInt64Ty(context);
  Type *int32 = Type::getInt32Ty(context);
  // Laid out like `struct interlock_global` {address, size, name, file, line}.
  StructType *entryType = StructType::get(context, {bytePointer, int64, bytePointer, bytePointer,
                                                    int32});

  std::vector<Constant *> entries;
  for (GlobalVariable &global : module.globals()) {
    if (!isRegisterableGlobal(global))
      continue;
    std::string file;
    unsigned line = 0;
    globalDefinition(global, file, line);
    Constant *fields[] = {
        ConstantExpr::getPointerCast(&global, bytePointer),
        ConstantInt::get(int64, layout.getTypeAllocSize(global.getValueType()).getFixedSize()),
        sites.string(displayName("", global.getName())),
        sites.string(file, /*nullIfEmpty=*/true),
        ConstantInt::get(int32, line)};
    entries.push_back(ConstantStruct::get(entryType, fields));
  }

  Function *constructor = Function::createWithDefaultAttr(
      FunctionType::get(Type::getVoidTy(context), false), GlobalValue::InternalLinkage, 0,
      ModuleConstructorName, &module);
  constructor->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> builder(BasicBlock::Create(context, "", constructor));
  // Never a tail call: the runtime knows the module by the address this call returns to
  // (runtime/modules.h).
  builder.CreateCall(runtime.Init)->setTailCallKind(CallInst::TCK_NoTail);
  Type *sizeType = layout.getIntPtrType(context);
  if (!entries.empty()) {
    ArrayType *tableType = ArrayType::get(entryType, entries.size());
    auto *table = new GlobalVariable(module, tableType, /*isConstant=*/true,
                                     GlobalValue::PrivateLinkage,
                                     ConstantArray::get(tableType, entries), "__interlock_globals");
    table->setAlignment(Align(8));
    builder.CreateCall(runtime.RegisterGlobals,
                       {ConstantExpr::getPointerCast(table, bytePointer),
                        ConstantInt::get(sizeType, entries.size())});
  }
  // [dependent0, source0, dependent1, source1, ...]: the same descriptors the instrumented
  // calls pass, each as its 32-bit offset from the table's start. No pointer, so no relocation:
  // the linker resolves each difference (the descriptors are in this module), and the loader
  // has nothing to do for the table (as pointers, a compressor's 777,000 pairs took 37 MB of
  // relocations and made the table's pages the process's own).
  auto registerPairs = [&](const SiteDependencePairs &pairs, FunctionCallee entry,
                           const char *name) {
    if (pairs.empty())
      return;
    ArrayType *tableType = ArrayType::get(int32, 2 * pairs.size());
    auto *table = new GlobalVariable(module, tableType, /*isConstant=*/true,
                                     GlobalValue::PrivateLinkage, nullptr, name);
    table->setAlignment(Align(4));
    Constant *tableAddress = ConstantExpr::getPtrToInt(table, int64);
    auto offsetOf = [&](Constant *site) {
      return ConstantExpr::getTrunc(
          ConstantExpr::getSub(ConstantExpr::getPtrToInt(site, int64), tableAddress), int32);
    };
    std::vector<Constant *> offsets;
    offsets.reserve(2 * pairs.size());
    for (const auto &pair : pairs) {
      offsets.push_back(offsetOf(pair.first));
      offsets.push_back(offsetOf(pair.second));
    }
    table->setInitializer(ConstantArray::get(tableType, offsets));
    builder.CreateCall(entry, {ConstantExpr::getPointerCast(table, bytePointer),
                               ConstantInt::get(sizeType, pairs.size())});
  };
  SiteDependencePairs both, valueOnly, controlOnly;
  for (const auto &entry : dependences)
    (entry.second == ValueDependence     ? valueOnly
     : entry.second == ControlDependence ? controlOnly
                                         : both)
        .insert(entry.first);
  registerPairs(both, runtime.RegisterDependences, "__interlock_dependences");
  registerPairs(valueOnly, runtime.RegisterValueDependences, "__interlock_value_dependences");
  registerPairs(controlOnly, runtime.RegisterControlDependences,
                "__interlock_control_dependences");
  registerPairs(addressDependences, runtime.RegisterAddressDependences,
                "__interlock_address_dependences");
  registerPairs(overwrites, runtime.RegisterOverwrites, "__interlock_overwrites");
  builder.CreateRetVoid();
  appendToGlobalCtors(module, constructor, /*Priority=*/0);
}

}  // namespace interlock
