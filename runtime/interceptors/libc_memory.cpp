// The C library's memory and string functions (mem*, str*, wmem*): the bytes they read and write
// are checked as plain accesses of the calling thread, at the call site its instrumented caller
// stored, before the real function runs. libstdc++.so reaches them too (std::string's copies are
// memcpy/memmove calls inside the library), so what the library does to the program's memory on
// its behalf is seen, and reported at the user's line that called into the library.
//
// What counts as read (as ThreadSanitizer counts it): a comparison reads up to and including the
// first difference or terminator; memcmp/bcmp read all n bytes (the C standard lets them); a
// search reads up to and including what it found, or the whole string with its terminator.
//
// Hot path: every interceptor first asks watching_thread() (one TLS load); when the thread is not
// registered or is inside the runtime (whose own memcpy calls land here too), it calls the real
// function and nothing else. Sizes are only computed when a thread is watched.
//
// Intrinsics: the plugin replaces the llvm.memcpy/memmove/memset of instrumented code by
// __interlock_memcpy & co. (runtime/access.cpp), which check the ranges with the intrinsic's own
// site and then copy with unchecked_memcpy & co. (libc_memory.h, memory_intrinsics.cpp), so the
// bytes are not checked a second time here.
//
// Fortified twins: built with -D_FORTIFY_SOURCE, the program's copies whose destination size the
// compiler knows become calls to __memcpy_chk & co., which take that size as one more argument
// (clang-14 emits all of those below but __wmemset_chk; gcc-built code, system libraries
// included, emits them all). glibc implements them without going through the exported memcpy & co., so each is intercepted
// too and checks what its plain twin checks, through the same code. A call that is going to
// fail glibc's overflow check (more to write than the destination holds) is not checked at all:
// the real __*_chk then aborts with "buffer overflow detected" exactly as without Interlock, and
// no report speaks of bytes glibc refused to touch.
//
// <string.h> in C++ declares strchr, strrchr, strstr, strpbrk, memchr and memrchr as pairs of
// C++ overloads (const and non-const); their interceptors are defined under other C++ names with
// the C symbol as their assembler name.
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "interceptor.h"
#include "libc_memory.h"
#include "real.h"
#include "user_memory.h"

namespace interlock {
namespace {

#define INTERLOCK_REAL_TYPED(Type, func) \
  INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<Type> real_##func(#func)

using Memcpy = void *(void *, const void *, size_t);
using Memset = void *(void *, int, size_t);
using Memcmp = int(const void *, const void *, size_t);
using Memchr = void *(const void *, int, size_t);
using Strlen = size_t(const char *);
using Strnlen = size_t(const char *, size_t);
using Strcpy = char *(char *, const char *);
using Strncpy = char *(char *, const char *, size_t);
using Strcmp = int(const char *, const char *);
using Strncmp = int(const char *, const char *, size_t);
using Strchr = char *(const char *, int);
using Strstr = char *(const char *, const char *);
using Strdup = char *(const char *);
using Strndup = char *(const char *, size_t);
using Strspn = size_t(const char *, const char *);
using Strpbrk = char *(const char *, const char *);
using Memmem = void *(const void *, size_t, const void *, size_t);
using StrtokR = char *(char *, const char *, char **);
using Wmemcpy = wchar_t *(wchar_t *, const wchar_t *, size_t);
using Wmemset = wchar_t *(wchar_t *, wchar_t, size_t);
// The fortified twins: the last argument is the destination's capacity (in wchar_t for wmem*).
using MemcpyChk = void *(void *, const void *, size_t, size_t);
using MemsetChk = void *(void *, int, size_t, size_t);
using StrcpyChk = char *(char *, const char *, size_t);
using StrncpyChk = char *(char *, const char *, size_t, size_t);
using WmemcpyChk = wchar_t *(wchar_t *, const wchar_t *, size_t, size_t);
using WmemsetChk = wchar_t *(wchar_t *, wchar_t, size_t, size_t);

INTERLOCK_REAL_TYPED(Memcpy, memcpy);
INTERLOCK_REAL_TYPED(Memcpy, memmove);
INTERLOCK_REAL_TYPED(Memset, memset);
INTERLOCK_REAL_TYPED(Memcmp, memcmp);
INTERLOCK_REAL_TYPED(Memcmp, bcmp);
INTERLOCK_REAL_TYPED(Memchr, memchr);
INTERLOCK_REAL_TYPED(Memchr, memrchr);
INTERLOCK_REAL_TYPED(Memcpy, mempcpy);
INTERLOCK_REAL_TYPED(Memmem, memmem);
INTERLOCK_REAL_TYPED(Strlen, strlen);
INTERLOCK_REAL_TYPED(Strnlen, strnlen);
INTERLOCK_REAL_TYPED(Strcpy, strcpy);
INTERLOCK_REAL_TYPED(Strcpy, stpcpy);
INTERLOCK_REAL_TYPED(Strncpy, strncpy);
INTERLOCK_REAL_TYPED(Strncpy, stpncpy);
INTERLOCK_REAL_TYPED(Strcpy, strcat);
INTERLOCK_REAL_TYPED(Strncpy, strncat);
INTERLOCK_REAL_TYPED(Strcmp, strcmp);
INTERLOCK_REAL_TYPED(Strncmp, strncmp);
INTERLOCK_REAL_TYPED(Strcmp, strcasecmp);
INTERLOCK_REAL_TYPED(Strncmp, strncasecmp);
INTERLOCK_REAL_TYPED(Strchr, strchr);
INTERLOCK_REAL_TYPED(Strchr, strrchr);
INTERLOCK_REAL_TYPED(Strstr, strstr);
INTERLOCK_REAL_TYPED(Strspn, strspn);
INTERLOCK_REAL_TYPED(Strspn, strcspn);
INTERLOCK_REAL_TYPED(Strpbrk, strpbrk);
INTERLOCK_REAL_TYPED(StrtokR, strtok_r);
INTERLOCK_REAL_TYPED(Strdup, strdup);
INTERLOCK_REAL_TYPED(Strndup, strndup);
INTERLOCK_REAL_TYPED(Wmemcpy, wmemcpy);
INTERLOCK_REAL_TYPED(Wmemcpy, wmemmove);
INTERLOCK_REAL_TYPED(Wmemset, wmemset);
INTERLOCK_REAL_TYPED(MemcpyChk, __memcpy_chk);
INTERLOCK_REAL_TYPED(MemcpyChk, __memmove_chk);
INTERLOCK_REAL_TYPED(MemcpyChk, __mempcpy_chk);
INTERLOCK_REAL_TYPED(MemsetChk, __memset_chk);
INTERLOCK_REAL_TYPED(StrcpyChk, __strcpy_chk);
INTERLOCK_REAL_TYPED(StrcpyChk, __stpcpy_chk);
INTERLOCK_REAL_TYPED(StrncpyChk, __strncpy_chk);
INTERLOCK_REAL_TYPED(StrncpyChk, __stpncpy_chk);
INTERLOCK_REAL_TYPED(StrcpyChk, __strcat_chk);
INTERLOCK_REAL_TYPED(StrncpyChk, __strncat_chk);
INTERLOCK_REAL_TYPED(WmemcpyChk, __wmemcpy_chk);
INTERLOCK_REAL_TYPED(WmemcpyChk, __wmemmove_chk);
INTERLOCK_REAL_TYPED(WmemsetChk, __wmemset_chk);

#undef INTERLOCK_REAL_TYPED

// The length strnlen would return, without going through our own interceptor.
size_t bounded_length(const char *text, size_t limit) { return real_strnlen.get()(text, limit); }
size_t length(const char *text) { return real_strlen.get()(text); }

// How many bytes a string comparison of at most `limit` bytes reads from each side: up to and
// including the first difference or the terminator. Also yields the comparison's result, so the
// strings are walked once.
size_t compared_prefix(const char *left, const char *right, size_t limit, int *result) {
  size_t i = 0;
  for (; i < limit; ++i) {
    const unsigned char l = static_cast<unsigned char>(left[i]);
    const unsigned char r = static_cast<unsigned char>(right[i]);
    if (l != r || l == 0) {
      *result = l < r ? -1 : (l > r ? 1 : 0);
      return i + 1;
    }
  }
  *result = 0;
  return limit;
}

// compared_prefix for strcasecmp and strncasecmp, which fold with the locale's tolower as
// glibc's do; the result comes from the real function.
size_t compared_prefix_ignoring_case(const char *left, const char *right, size_t limit) {
  for (size_t i = 0; i < limit; ++i) {
    const unsigned char l = static_cast<unsigned char>(left[i]);
    if (tolower(l) != tolower(static_cast<unsigned char>(right[i])) || l == 0) return i + 1;
  }
  return limit;
}

// The bytes of a NUL-terminated string a copy reads: its characters and the terminator.
size_t with_terminator(const char *text) { return length(text) + 1; }

// The destination capacity of a plain (unfortified) call: nothing it writes fails a check.
constexpr size_t kUnbounded = static_cast<size_t>(-1);

// The checks of each copying function, shared by the plain interceptor (capacity kUnbounded)
// and its fortified twin (the capacity the compiler passed). `thr` is not null. Each returns
// without checking when the call will write more than `capacity` bytes, as its __*_chk then
// fails before or instead of doing the plain function's work.

void check_copy(ThreadState *thr, void *destination, const void *source, size_t size,
                size_t capacity) {
  if (size == 0 || size > capacity) return;
  check_user_read(thr, source, size);
  check_user_write(thr, destination, size);
}

void check_fill(ThreadState *thr, void *destination, size_t size, size_t capacity) {
  if (size > capacity) return;
  check_user_write(thr, destination, size);
}

// strcpy, stpcpy.
void check_string_copy(ThreadState *thr, char *destination, const char *source,
                       size_t capacity) {
  const size_t size = with_terminator(source);
  if (size > capacity) return;
  check_user_read(thr, source, size);
  check_user_write(thr, destination, size);
}

void check_strncpy(ThreadState *thr, char *destination, const char *source, size_t limit,
                   size_t capacity) {
  if (limit == 0 || limit > capacity) return;
  const size_t characters = bounded_length(source, limit);
  check_user_read(thr, source, characters < limit ? characters + 1 : limit);
  check_user_write(thr, destination, limit);  // strncpy pads with NULs up to the limit
}

void check_strcat(ThreadState *thr, char *destination, const char *source, size_t capacity) {
  const size_t kept = length(destination);
  const size_t appended = with_terminator(source);
  if (kept >= capacity || appended > capacity - kept) return;
  check_user_read(thr, destination, kept + 1);
  check_user_read(thr, source, appended);
  check_user_write(thr, destination + kept, appended);
}

void check_strncat(ThreadState *thr, char *destination, const char *source, size_t limit,
                   size_t capacity) {
  const size_t kept = length(destination);
  const size_t characters = bounded_length(source, limit);
  if (kept >= capacity || characters >= capacity - kept) return;
  check_user_read(thr, destination, kept + 1);
  check_user_read(thr, source, characters < limit ? characters + 1 : limit);
  check_user_write(thr, destination + kept, characters + 1);  // strncat always terminates
}

// wmemcpy, wmemmove: `count` and `capacity` in wchar_t.
void check_wide_copy(ThreadState *thr, wchar_t *destination, const wchar_t *source, size_t count,
                     size_t capacity) {
  if (count > capacity) return;
  check_copy(thr, destination, source, count * sizeof(wchar_t), kUnbounded);
}

void check_wide_fill(ThreadState *thr, wchar_t *destination, size_t count, size_t capacity) {
  if (count > capacity) return;
  check_user_write(thr, destination, count * sizeof(wchar_t));
}

}  // namespace

}  // namespace interlock

using namespace interlock;

// ---- mem* ----

INTERLOCK_INTERCEPTOR void *memcpy(void *destination, const void *source, size_t size) noexcept {
  if (ThreadState *thr = watching_thread())
    check_copy(thr, destination, source, size, kUnbounded);
  return real_memcpy.get()(destination, source, size);
}

INTERLOCK_INTERCEPTOR void *memmove(void *destination, const void *source, size_t size) noexcept {
  if (ThreadState *thr = watching_thread())
    check_copy(thr, destination, source, size, kUnbounded);
  return real_memmove.get()(destination, source, size);
}

INTERLOCK_INTERCEPTOR void *memset(void *destination, int value, size_t size) noexcept {
  if (ThreadState *thr = watching_thread()) check_fill(thr, destination, size, kUnbounded);
  return real_memset.get()(destination, value, size);
}

INTERLOCK_INTERCEPTOR int memcmp(const void *left, const void *right, size_t size) noexcept {
  if (ThreadState *thr = watching_thread(); thr != nullptr && size != 0) {
    check_user_read(thr, left, size);
    check_user_read(thr, right, size);
  }
  return real_memcmp.get()(left, right, size);
}

// Clang turns memcmp(...) == 0 into bcmp in the program's own code.
INTERLOCK_INTERCEPTOR int bcmp(const void *left, const void *right, size_t size) noexcept {
  if (ThreadState *thr = watching_thread(); thr != nullptr && size != 0) {
    check_user_read(thr, left, size);
    check_user_read(thr, right, size);
  }
  return real_bcmp.get()(left, right, size);
}

extern "C" __attribute__((visibility("default"))) void *interlock_memchr(
    const void *haystack, int value, size_t size) noexcept __asm__("memchr");
void *interlock_memchr(const void *haystack, int value, size_t size) noexcept {
  void *found = real_memchr.get()(haystack, value, size);
  if (ThreadState *thr = watching_thread()) {
    const size_t read = found != nullptr ? static_cast<const char *>(found) -
                                               static_cast<const char *>(haystack) + 1
                                         : size;
    check_user_read(thr, haystack, read);
  }
  return found;
}

INTERLOCK_INTERCEPTOR void *mempcpy(void *destination, const void *source, size_t size) noexcept {
  if (ThreadState *thr = watching_thread())
    check_copy(thr, destination, source, size, kUnbounded);
  return real_mempcpy.get()(destination, source, size);
}

// memrchr searches from the end: it reads from what it found to the end of the range.
extern "C" __attribute__((visibility("default"))) void *interlock_memrchr(
    const void *haystack, int value, size_t size) noexcept __asm__("memrchr");
void *interlock_memrchr(const void *haystack, int value, size_t size) noexcept {
  void *found = real_memrchr.get()(haystack, value, size);
  if (ThreadState *thr = watching_thread()) {
    const char *end = static_cast<const char *>(haystack) + size;
    const char *from = found != nullptr ? static_cast<const char *>(found)
                                        : static_cast<const char *>(haystack);
    check_user_read(thr, from, static_cast<size_t>(end - from));
  }
  return found;
}

INTERLOCK_INTERCEPTOR void *memmem(const void *haystack, size_t haystack_size, const void *needle,
                                   size_t needle_size) noexcept {
  void *found = real_memmem.get()(haystack, haystack_size, needle, needle_size);
  // A needle longer than the haystack is not found without reading either.
  if (ThreadState *thr = watching_thread(); thr != nullptr && needle_size <= haystack_size) {
    check_user_read(thr, haystack,
                    found != nullptr ? static_cast<const char *>(found) -
                                           static_cast<const char *>(haystack) + needle_size
                                     : haystack_size);
    check_user_read(thr, needle, needle_size);
  }
  return found;
}

// ---- str* ----

INTERLOCK_INTERCEPTOR size_t strlen(const char *text) noexcept {
  const size_t result = real_strlen.get()(text);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, text, result + 1);
  return result;
}

INTERLOCK_INTERCEPTOR size_t strnlen(const char *text, size_t limit) noexcept {
  const size_t result = real_strnlen.get()(text, limit);
  if (ThreadState *thr = watching_thread())
    check_user_read(thr, text, result < limit ? result + 1 : limit);
  return result;
}

INTERLOCK_INTERCEPTOR char *strcpy(char *destination, const char *source) noexcept {
  if (ThreadState *thr = watching_thread())
    check_string_copy(thr, destination, source, kUnbounded);
  return real_strcpy.get()(destination, source);
}

INTERLOCK_INTERCEPTOR char *stpcpy(char *destination, const char *source) noexcept {
  if (ThreadState *thr = watching_thread())
    check_string_copy(thr, destination, source, kUnbounded);
  return real_stpcpy.get()(destination, source);
}

INTERLOCK_INTERCEPTOR char *strncpy(char *destination, const char *source, size_t limit) noexcept {
  if (ThreadState *thr = watching_thread())
    check_strncpy(thr, destination, source, limit, kUnbounded);
  return real_strncpy.get()(destination, source, limit);
}

INTERLOCK_INTERCEPTOR char *stpncpy(char *destination, const char *source, size_t limit) noexcept {
  if (ThreadState *thr = watching_thread())
    check_strncpy(thr, destination, source, limit, kUnbounded);
  return real_stpncpy.get()(destination, source, limit);
}

INTERLOCK_INTERCEPTOR char *strcat(char *destination, const char *source) noexcept {
  if (ThreadState *thr = watching_thread()) check_strcat(thr, destination, source, kUnbounded);
  return real_strcat.get()(destination, source);
}

INTERLOCK_INTERCEPTOR char *strncat(char *destination, const char *source, size_t limit) noexcept {
  if (ThreadState *thr = watching_thread())
    check_strncat(thr, destination, source, limit, kUnbounded);
  return real_strncat.get()(destination, source, limit);
}

// Unwatched comparisons use the library's own; watched ones walk the strings here once, which
// gives both the result and how far each side was read.
INTERLOCK_INTERCEPTOR int strcmp(const char *left, const char *right) noexcept {
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return real_strcmp.get()(left, right);
  int result;
  const size_t read = compared_prefix(left, right, static_cast<size_t>(-1), &result);
  check_user_read(thr, left, read);
  check_user_read(thr, right, read);
  return result;
}

INTERLOCK_INTERCEPTOR int strncmp(const char *left, const char *right, size_t limit) noexcept {
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return real_strncmp.get()(left, right, limit);
  int result;
  const size_t read = compared_prefix(left, right, limit, &result);
  check_user_read(thr, left, read);
  check_user_read(thr, right, read);
  return result;
}

INTERLOCK_INTERCEPTOR int strcasecmp(const char *left, const char *right) noexcept {
  if (ThreadState *thr = watching_thread()) {
    const size_t read = compared_prefix_ignoring_case(left, right, static_cast<size_t>(-1));
    check_user_read(thr, left, read);
    check_user_read(thr, right, read);
  }
  return real_strcasecmp.get()(left, right);
}

INTERLOCK_INTERCEPTOR int strncasecmp(const char *left, const char *right, size_t limit) noexcept {
  if (ThreadState *thr = watching_thread()) {
    const size_t read = compared_prefix_ignoring_case(left, right, limit);
    check_user_read(thr, left, read);
    check_user_read(thr, right, read);
  }
  return real_strncasecmp.get()(left, right, limit);
}

extern "C" __attribute__((visibility("default"))) char *interlock_strchr(const char *text,
                                                                         int character) noexcept
    __asm__("strchr");
char *interlock_strchr(const char *text, int character) noexcept {
  char *found = real_strchr.get()(text, character);
  if (ThreadState *thr = watching_thread())
    check_user_read(thr, text, found != nullptr ? found - text + 1 : with_terminator(text));
  return found;
}

extern "C" __attribute__((visibility("default"))) char *interlock_strrchr(const char *text,
                                                                          int character) noexcept
    __asm__("strrchr");
char *interlock_strrchr(const char *text, int character) noexcept {
  if (ThreadState *thr = watching_thread()) check_user_read(thr, text, with_terminator(text));
  return real_strrchr.get()(text, character);
}

extern "C" __attribute__((visibility("default"))) char *interlock_strstr(
    const char *haystack, const char *needle) noexcept __asm__("strstr");
char *interlock_strstr(const char *haystack, const char *needle) noexcept {
  char *found = real_strstr.get()(haystack, needle);
  if (ThreadState *thr = watching_thread()) {
    const size_t needle_size = with_terminator(needle);
    check_user_read(thr, haystack,
                    found != nullptr ? found - haystack + needle_size - 1 : with_terminator(haystack));
    check_user_read(thr, needle, needle_size);
  }
  return found;
}

// strspn and strcspn read the span and the character that ended it; every set is read whole.
static size_t checked_span(const char *text, const char *set, size_t span) {
  if (ThreadState *thr = watching_thread()) {
    check_user_read(thr, text, span + 1);
    check_user_read(thr, set, with_terminator(set));
  }
  return span;
}

INTERLOCK_INTERCEPTOR size_t strspn(const char *text, const char *accepted) noexcept {
  return checked_span(text, accepted, real_strspn.get()(text, accepted));
}

INTERLOCK_INTERCEPTOR size_t strcspn(const char *text, const char *rejected) noexcept {
  return checked_span(text, rejected, real_strcspn.get()(text, rejected));
}

extern "C" __attribute__((visibility("default"))) char *interlock_strpbrk(
    const char *text, const char *accepted) noexcept __asm__("strpbrk");
char *interlock_strpbrk(const char *text, const char *accepted) noexcept {
  char *found = real_strpbrk.get()(text, accepted);
  if (ThreadState *thr = watching_thread()) {
    check_user_read(thr, text, found != nullptr ? found - text + 1 : with_terminator(text));
    check_user_read(thr, accepted, with_terminator(accepted));
  }
  return found;
}

// strtok_r reads *rest (unless given a new string) and the string from where it starts to the
// character that ends the token, writes the terminator over that character when it is a
// delimiter, and stores *rest. glibc then leaves *rest just past the terminator it wrote, or on
// the string's own terminator.
INTERLOCK_INTERCEPTOR char *strtok_r(char *text, const char *delimiters, char **rest) noexcept {
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return real_strtok_r.get()(text, delimiters, rest);
  if (text == nullptr) check_user_read(thr, rest, sizeof *rest);
  const char *start = text != nullptr ? text : *rest;
  char *token = real_strtok_r.get()(text, delimiters, rest);
  check_user_read(thr, delimiters, with_terminator(delimiters));
  check_user_write(thr, rest, sizeof *rest);
  if (token == nullptr) {
    // Only delimiters were left: glibc stopped on the terminator, where *rest now points.
    if (start != nullptr) check_user_read(thr, start, *rest - start + 1);
    return token;
  }
  char *end = token + length(token);
  check_user_read(thr, start, end - start + 1);
  if (*rest != end) check_user_write(thr, end, 1);
  return token;
}

// The copy is made with our malloc, so the heap model knows the block (libc's own strdup
// allocates through its internal malloc, which nobody sees) and frees of it are not surprises.
INTERLOCK_INTERCEPTOR char *strdup(const char *text) noexcept {
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return real_strdup.get()(text);
  const size_t size = with_terminator(text);
  check_user_read(thr, text, size);
  char *copy = static_cast<char *>(malloc(size));
  if (copy != nullptr) real_memcpy.get()(copy, text, size);
  return copy;
}

INTERLOCK_INTERCEPTOR char *strndup(const char *text, size_t limit) noexcept {
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return real_strndup.get()(text, limit);
  const size_t characters = bounded_length(text, limit);
  check_user_read(thr, text, characters < limit ? characters + 1 : limit);
  char *copy = static_cast<char *>(malloc(characters + 1));
  if (copy != nullptr) {
    real_memcpy.get()(copy, text, characters);
    copy[characters] = '\0';
  }
  return copy;
}

// ---- wmem* (std::wstring's copies inside libstdc++) ----

INTERLOCK_INTERCEPTOR wchar_t *wmemcpy(wchar_t *destination, const wchar_t *source,
                                       size_t count) noexcept {
  if (ThreadState *thr = watching_thread())
    check_wide_copy(thr, destination, source, count, kUnbounded);
  return real_wmemcpy.get()(destination, source, count);
}

INTERLOCK_INTERCEPTOR wchar_t *wmemmove(wchar_t *destination, const wchar_t *source,
                                        size_t count) noexcept {
  if (ThreadState *thr = watching_thread())
    check_wide_copy(thr, destination, source, count, kUnbounded);
  return real_wmemmove.get()(destination, source, count);
}

INTERLOCK_INTERCEPTOR wchar_t *wmemset(wchar_t *destination, wchar_t value, size_t count) noexcept {
  if (ThreadState *thr = watching_thread()) check_wide_fill(thr, destination, count, kUnbounded);
  return real_wmemset.get()(destination, value, count);
}

// ---- fortified twins (-D_FORTIFY_SOURCE) ----

INTERLOCK_INTERCEPTOR void *__memcpy_chk(void *destination, const void *source, size_t size,
                                         size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_copy(thr, destination, source, size, capacity);
  return real___memcpy_chk.get()(destination, source, size, capacity);
}

INTERLOCK_INTERCEPTOR void *__memmove_chk(void *destination, const void *source, size_t size,
                                          size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_copy(thr, destination, source, size, capacity);
  return real___memmove_chk.get()(destination, source, size, capacity);
}

INTERLOCK_INTERCEPTOR void *__mempcpy_chk(void *destination, const void *source, size_t size,
                                          size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_copy(thr, destination, source, size, capacity);
  return real___mempcpy_chk.get()(destination, source, size, capacity);
}

INTERLOCK_INTERCEPTOR void *__memset_chk(void *destination, int value, size_t size,
                                         size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread()) check_fill(thr, destination, size, capacity);
  return real___memset_chk.get()(destination, value, size, capacity);
}

INTERLOCK_INTERCEPTOR char *__strcpy_chk(char *destination, const char *source,
                                         size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_string_copy(thr, destination, source, capacity);
  return real___strcpy_chk.get()(destination, source, capacity);
}

INTERLOCK_INTERCEPTOR char *__stpcpy_chk(char *destination, const char *source,
                                         size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_string_copy(thr, destination, source, capacity);
  return real___stpcpy_chk.get()(destination, source, capacity);
}

INTERLOCK_INTERCEPTOR char *__strncpy_chk(char *destination, const char *source, size_t limit,
                                          size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_strncpy(thr, destination, source, limit, capacity);
  return real___strncpy_chk.get()(destination, source, limit, capacity);
}

INTERLOCK_INTERCEPTOR char *__stpncpy_chk(char *destination, const char *source, size_t limit,
                                          size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_strncpy(thr, destination, source, limit, capacity);
  return real___stpncpy_chk.get()(destination, source, limit, capacity);
}

INTERLOCK_INTERCEPTOR char *__strcat_chk(char *destination, const char *source,
                                         size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread()) check_strcat(thr, destination, source, capacity);
  return real___strcat_chk.get()(destination, source, capacity);
}

INTERLOCK_INTERCEPTOR char *__strncat_chk(char *destination, const char *source, size_t limit,
                                          size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_strncat(thr, destination, source, limit, capacity);
  return real___strncat_chk.get()(destination, source, limit, capacity);
}

INTERLOCK_INTERCEPTOR wchar_t *__wmemcpy_chk(wchar_t *destination, const wchar_t *source,
                                             size_t count, size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_wide_copy(thr, destination, source, count, capacity);
  return real___wmemcpy_chk.get()(destination, source, count, capacity);
}

INTERLOCK_INTERCEPTOR wchar_t *__wmemmove_chk(wchar_t *destination, const wchar_t *source,
                                              size_t count, size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread())
    check_wide_copy(thr, destination, source, count, capacity);
  return real___wmemmove_chk.get()(destination, source, count, capacity);
}

INTERLOCK_INTERCEPTOR wchar_t *__wmemset_chk(wchar_t *destination, wchar_t value, size_t count,
                                             size_t capacity) noexcept {
  if (ThreadState *thr = watching_thread()) check_wide_fill(thr, destination, count, capacity);
  return real___wmemset_chk.get()(destination, value, count, capacity);
}
