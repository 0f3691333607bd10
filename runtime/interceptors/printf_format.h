// Which of a printf call's arguments are memory the C library reads or writes while it formats:
// the strings of %s (and %ls / %S), bounded by their precision, and the counters %n stores to.
//
// Contract: visit_printf_memory walks `format` from its start, consuming `arguments` exactly as
// printf does (flags, a width or precision given as `*` takes an int, each conversion takes the
// type its length modifier hh/h/l/ll/q/j/z/t/L names), and calls `visit` once per argument whose
// pointee the call touches, in format order:
//   - %s: the bytes printf reads, its characters up to the precision and the terminator when the
//     string ends before the precision (a null pointer, printed as "(null)", is not visited);
//   - %ls, %S: the same for a wide string, in bytes (a precision counts output bytes, so at most
//     that many wide characters are read);
//   - %n: the object stored to, of the size its length modifier names (4 for a plain %n).
// %%, %m and every numeric, character and pointer conversion consume their argument (or none)
// without a visit. The walk stops, having visited what came before, at the end of the format, at
// an unknown conversion and at a positional argument (%1$s): what those consume cannot be known
// in one pass, and consuming a wrong type would read garbage from the list. The caller passes a
// va_copy of its list when it still needs the list; it is left wherever the walk stopped.
//
// The walk reads the format and the strings itself, with its own loops: it never calls the
// string functions the runtime intercepts, never allocates, and needs nothing of the runtime, so
// it is unit-tested alone.
//
// Thread-safety: no state; a walk touches only its arguments.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_PRINTF_FORMAT_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_PRINTF_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

namespace interlock {

struct PrintfMemory {
  const void *address;
  size_t size;       // bytes read or written, never 0
  bool is_write;     // %n
};

using PrintfMemoryVisitor = void (*)(void *context, const PrintfMemory &memory);

void visit_printf_memory(const char *format, va_list arguments, PrintfMemoryVisitor visit,
                         void *context);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_PRINTF_FORMAT_H
