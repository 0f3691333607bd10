// The printf format walk of printf_format.h.
#include "printf_format.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <wchar.h>

namespace interlock {
namespace {

// Length modifiers, as far as they change what a conversion consumes or %n stores.
enum class Length { kNone, kChar, kShort, kLong, kLongLong, kMax, kSize, kPtrdiff, kLongDouble };

constexpr long kNoPrecision = -1;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips a run of decimal digits. True when a '$' follows them: a positional argument.
bool skip_number(const char *&cursor) {
  const char *start = cursor;
  while (is_digit(*cursor)) ++cursor;
  return cursor != start && *cursor == '$';
}

long parse_number(const char *&cursor) {
  long value = 0;
  while (is_digit(*cursor)) {
    if (value < (1L << 30)) value = value * 10 + (*cursor - '0');  // saturates; printf fails then
    ++cursor;
  }
  return value;
}

Length parse_length(const char *&cursor) {
  Length length;
  switch (*cursor) {
    case 'h':
      length = cursor[1] == 'h' ? Length::kChar : Length::kShort;
      break;
    case 'l':
      length = cursor[1] == 'l' ? Length::kLongLong : Length::kLong;
      break;
    case 'q': length = Length::kLongLong; break;
    case 'j': length = Length::kMax; break;
    case 'z':
    case 'Z': length = Length::kSize; break;  // Z: glibc's older spelling of z
    case 't': length = Length::kPtrdiff; break;
    case 'L': length = Length::kLongDouble; break;
    default: return Length::kNone;
  }
  cursor += (length == Length::kChar || (length == Length::kLongLong && *cursor == 'l')) ? 2 : 1;
  return length;
}

// The size of the object %n stores to. glibc takes L on an integer conversion as ll.
size_t count_size(Length length) {
  switch (length) {
    case Length::kChar: return sizeof(signed char);
    case Length::kShort: return sizeof(short);
    case Length::kNone: return sizeof(int);
    case Length::kLong: return sizeof(long);
    case Length::kLongLong:
    case Length::kLongDouble: return sizeof(long long);
    case Length::kMax: return sizeof(intmax_t);
    case Length::kSize: return sizeof(size_t);
    case Length::kPtrdiff: return sizeof(ptrdiff_t);
  }
  return sizeof(int);
}

// The bytes %s reads: the characters up to the precision, and the terminator when it comes
// before.
size_t string_bytes(const char *text, long precision) {
  size_t characters = 0;
  while ((precision == kNoPrecision || characters < static_cast<size_t>(precision)) &&
         text[characters] != '\0')
    ++characters;
  const bool ended = precision == kNoPrecision || characters < static_cast<size_t>(precision);
  return characters + (ended ? 1 : 0);
}

// The same for %ls. A precision counts output bytes: glibc converts one wide character after the
// other (in the program's locale) while the output stays within it, so it reads each character
// it converts, the first that would not fit, and no further. errno is the program's: the
// conversion must not change what printf left there.
size_t wide_string_bytes(const wchar_t *text, long precision) {
  size_t examined = 0;
  if (precision == kNoPrecision) {
    while (text[examined] != L'\0') ++examined;
    return (examined + 1) * sizeof(wchar_t);
  }
  const int saved_errno = errno;
  mbstate_t state{};
  char converted[MB_LEN_MAX];
  size_t output = 0;
  while (output < static_cast<size_t>(precision)) {
    const wchar_t character = text[examined++];
    if (character == L'\0') break;
    const size_t bytes = wcrtomb(converted, character, &state);
    if (bytes == static_cast<size_t>(-1) || output + bytes > static_cast<size_t>(precision)) break;
    output += bytes;
  }
  errno = saved_errno;
  return examined * sizeof(wchar_t);
}

}  // namespace

void visit_printf_memory(const char *format, va_list arguments, PrintfMemoryVisitor visit,
                         void *context) {
  const char *cursor = format;
  while (true) {
    while (*cursor != '\0' && *cursor != '%') ++cursor;
    if (*cursor == '\0') return;
    ++cursor;
    if (*cursor == '%') {
      ++cursor;
      continue;
    }
    // "%3$d" and "%1$*2$d" both start with digits and a '$'; a width has no '$'.
    if (const char *probe = cursor; skip_number(probe)) return;

    while (*cursor == '-' || *cursor == '+' || *cursor == ' ' || *cursor == '#' ||
           *cursor == '0' || *cursor == '\'' || *cursor == 'I')
      ++cursor;

    if (*cursor == '*') {
      ++cursor;
      if (const char *probe = cursor; skip_number(probe)) return;
      (void)va_arg(arguments, int);
    } else {
      parse_number(cursor);
    }

    long precision = kNoPrecision;
    if (*cursor == '.') {
      ++cursor;
      if (*cursor == '*') {
        ++cursor;
        if (const char *probe = cursor; skip_number(probe)) return;
        const int given = va_arg(arguments, int);
        precision = given < 0 ? kNoPrecision : given;  // a negative precision is none
      } else {
        precision = parse_number(cursor);  // "%.s" is a precision of 0
      }
    }

    const Length length = parse_length(cursor);
    const char conversion = *cursor;
    if (conversion == '\0') return;
    ++cursor;
    switch (conversion) {
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
      case 'b':  // glibc 2.35 and later
      case 'B':
        switch (length) {
          case Length::kLong: (void)va_arg(arguments, long); break;
          case Length::kLongLong:
          case Length::kLongDouble: (void)va_arg(arguments, long long); break;
          case Length::kMax: (void)va_arg(arguments, intmax_t); break;
          case Length::kSize: (void)va_arg(arguments, size_t); break;
          case Length::kPtrdiff: (void)va_arg(arguments, ptrdiff_t); break;
          default: (void)va_arg(arguments, int); break;  // char and short arrive promoted
        }
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        // glibc reads ll and q like L here: a long double.
        if (length == Length::kLongDouble || length == Length::kLongLong)
          (void)va_arg(arguments, long double);
        else
          (void)va_arg(arguments, double);
        break;
      case 'c':
      case 'C':
        (void)va_arg(arguments, int);  // a char or a wint_t, both promoted to int's size
        break;
      case 'p':
        (void)va_arg(arguments, void *);
        break;
      case 's':
      case 'S':
        if (precision == 0) {  // prints nothing and reads nothing
          (void)va_arg(arguments, const void *);
        } else if (conversion == 'S' || length == Length::kLong || length == Length::kLongLong ||
                   length == Length::kLongDouble) {  // glibc: ll, q and L make it wide too
          if (const wchar_t *text = va_arg(arguments, const wchar_t *))
            visit(context, PrintfMemory{text, wide_string_bytes(text, precision), false});
        } else if (const char *text = va_arg(arguments, const char *)) {
          visit(context, PrintfMemory{text, string_bytes(text, precision), false});
        }
        break;
      case 'n':
        if (void *counter = va_arg(arguments, void *))
          visit(context, PrintfMemory{counter, count_size(length), true});
        break;
      case 'm':  // strerror(errno): no argument
      case '%':
        break;
      default:
        return;
    }
  }
}

}  // namespace interlock
