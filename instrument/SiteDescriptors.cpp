#include "SiteDescriptors.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace interlock {

static const char *const SiteTypeName = "interlock.site";

std::string displayName(StringRef linkageName, StringRef plainName) {
  if (!linkageName.empty())
    return demangle(linkageName.str());
  // C++ names reach us mangled when there is no debug info (the IR name is the linkage name).
  if (plainName.startswith("_Z"))
    return demangle(plainName.str());
  return plainName.str();
}

std::string absolutePath(StringRef directory, StringRef filename) {
  if (filename.empty()) return filename.str();
  SmallString<256> joined;
  if (sys::path::is_absolute(filename) || directory.empty()) {
    joined = filename;
  } else {
    joined = directory;
    sys::path::append(joined, filename);
  }
  // The file exists while it is being compiled: its real path names it the way a person
  // would (headers reached as /usr/bin/../lib/gcc/... become /usr/lib/gcc/...). Lexical
  // cleaning is the fallback when it cannot be resolved.
  SmallString<256> real;
  if (!sys::fs::real_path(joined, real)) return std::string(real.str());
  sys::path::remove_dots(joined, /*remove_dot_dot=*/false);
  return std::string(joined.str());
}

SiteDescriptors::SiteDescriptors(Module &module) : M(module) {
  LLVMContext &context = M.getContext();
  SiteType = StructType::getTypeByName(context, SiteTypeName);
  if (!SiteType) {
    SiteType = StructType::create(context, SiteTypeName);
    Type *charPointer = Type::getInt8PtrTy(context);
    Type *int32 = Type::getInt32Ty(context);
    SiteType->setBody({charPointer, charPointer, int32, int32, SiteType->getPointerTo()});
  }
}

PointerType *SiteDescriptors::sitePointerType() const { return SiteType->getPointerTo(); }

Constant *SiteDescriptors::string(StringRef text, bool nullIfEmpty) {
  LLVMContext &context = M.getContext();
  if (text.empty() && nullIfEmpty)
    return ConstantPointerNull::get(Type::getInt8PtrTy(context));
  auto found = Strings.find(text);
  if (found != Strings.end())
    return found->second;
  Constant *data = ConstantDataArray::getString(context, text, /*AddNull=*/true);
  auto *variable = new GlobalVariable(M, data->getType(), /*isConstant=*/true,
                                      GlobalValue::PrivateLinkage, data, "__interlock_str");
  variable->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  variable->setAlignment(Align(1));
  Constant *pointer = ConstantExpr::getPointerCast(variable, Type::getInt8PtrTy(context));
  Strings[text] = pointer;
  return pointer;
}

Constant *SiteDescriptors::descriptor(StringRef functionName, StringRef file, unsigned line,
                                      unsigned column, Constant *inlinedAt) {
  if (!inlinedAt)
    inlinedAt = ConstantPointerNull::get(sitePointerType());
  SiteKey key{functionName.str(), file.str(), line, column, inlinedAt};
  auto found = Sites.find(key);
  if (found != Sites.end())
    return found->second;

  Type *int32 = Type::getInt32Ty(M.getContext());
  Constant *fields[] = {string(functionName), string(file, /*nullIfEmpty=*/true),
                        ConstantInt::get(int32, line), ConstantInt::get(int32, column),
                        inlinedAt};
  auto *variable = new GlobalVariable(M, SiteType, /*isConstant=*/true,
                                      GlobalValue::PrivateLinkage,
                                      ConstantStruct::get(SiteType, fields), "__interlock_site");
  variable->setAlignment(Align(8));
  Sites.emplace(std::move(key), variable);
  return variable;
}

Constant *SiteDescriptors::forDILocation(const DILocation *location) {
  auto found = SitesByLocation.find(location);
  if (found != SitesByLocation.end())
    return found->second;
  // The chain is walked outermost-last, so build the caller's descriptor first.
  Constant *inlinedAt = nullptr;
  if (const DILocation *caller = location->getInlinedAt())
    inlinedAt = forDILocation(caller);
  std::string functionName;
  if (const DISubprogram *subprogram = location->getScope()->getSubprogram())
    functionName = displayName(subprogram->getLinkageName(), subprogram->getName());
  Constant *site =
      descriptor(functionName, absolutePath(location->getDirectory(), location->getFilename()),
                 location->getLine(), location->getColumn(), inlinedAt);
  SitesByLocation[location] = site;
  return site;
}

Constant *SiteDescriptors::forLocation(const DebugLoc &location, const Function &function) {
  if (const DILocation *known = location.get())
    return forDILocation(known);
  std::string file;
  if (const DISubprogram *subprogram = function.getSubprogram())
    file = absolutePath(subprogram->getDirectory(), subprogram->getFilename());
  return descriptor(displayName("", function.getName()), file, 0, 0, nullptr);
}

Constant *SiteDescriptors::forFunction(const Function &function) {
  const DISubprogram *subprogram = function.getSubprogram();
  if (!subprogram)
    return descriptor(displayName("", function.getName()), "", 0, 0, nullptr);
  return descriptor(displayName(subprogram->getLinkageName(), subprogram->getName()),
                    absolutePath(subprogram->getDirectory(), subprogram->getFilename()),
                    subprogram->getLine(), 0, nullptr);
}

}  // namespace interlock
