// Site descriptors: the constant `struct interlock_site` records (runtime/interface.h) that every
// instrumented instruction passes to the runtime, built from debug info at compile time so that
// the runtime never needs a symbolizer.
#ifndef INTERLOCK_INSTRUMENT_SITE_DESCRIPTORS_H
#define INTERLOCK_INSTRUMENT_SITE_DESCRIPTORS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugLoc.h"

#include <map>
#include <string>
#include <tuple>

namespace llvm {
class Constant;
class DILocation;
class Function;
class GlobalVariable;
class Module;
class PointerType;
class StructType;
}  // namespace llvm

namespace interlock {

// Creates and deduplicates, per module, the private constant site descriptors and the strings
// they point to. A descriptor for an inlined location chains to the descriptor of its
// `inlinedAt` location. One instance per module run; not thread-safe (LLVM runs a module pass on
// one thread).
class SiteDescriptors {
public:
  explicit SiteDescriptors(llvm::Module &module);

  // `%interlock.site`, laid out like `struct interlock_site`.
  llvm::PointerType *sitePointerType() const;

  // Descriptor of the source location of an instruction of `function`. Without a location,
  // it names the function, the file of its DISubprogram if any, and line 0.
  llvm::Constant *forLocation(const llvm::DebugLoc &location, const llvm::Function &function);

  // Descriptor of a function's definition (its name, file and declaration line), for
  // __interlock_func_entry.
  llvm::Constant *forFunction(const llvm::Function &function);

  // A private, deduplicated, NUL-terminated string constant (as i8*); null for an empty path
  // when `nullIfEmpty` is set.
  llvm::Constant *string(llvm::StringRef text, bool nullIfEmpty = false);

private:
  using SiteKey = std::tuple<std::string, std::string, unsigned, unsigned, llvm::Constant *>;

  llvm::Constant *descriptor(llvm::StringRef functionName, llvm::StringRef file, unsigned line,
                             unsigned column, llvm::Constant *inlinedAt);
  llvm::Constant *forDILocation(const llvm::DILocation *location);

  llvm::Module &M;
  llvm::StructType *SiteType;
  llvm::StringMap<llvm::Constant *> Strings;
  std::map<SiteKey, llvm::Constant *> Sites;
  llvm::DenseMap<const llvm::DILocation *, llvm::Constant *> SitesByLocation;
};

// The name a report shows for a function or variable: the demangled linkage name when there is
// one, else the plain name.
std::string displayName(llvm::StringRef linkageName, llvm::StringRef plainName);

// `directory/filename`, unless `filename` is already absolute.
std::string absolutePath(llvm::StringRef directory, llvm::StringRef filename);

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_SITE_DESCRIPTORS_H
