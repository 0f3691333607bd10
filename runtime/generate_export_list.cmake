cmake_minimum_required(VERSION 3.20)
# Writes the linker's dynamic list for instrumented executables from the runtime archive as built:
# every global symbol the archive defines, except the runtime's own internals (anything in C++
# namespace interlock, whose mangled names contain "9interlock", and hidden interlock_* helpers).
# These are the symbols an executable must export so that shared libraries (libc's own callers,
# libstdc++, dlopen'ed instrumented code) reach the runtime's interceptors and entry points; an
# interceptor added anywhere in runtime/ is exported with no list to keep by hand.
# usage: cmake -DNM=<nm> -DARCHIVE=<libinterlock_rt.a> -DOUTPUT=<interlock_rt.dynlist> -P <this>
execute_process(COMMAND ${NM} -g --defined-only ${ARCHIVE}
                OUTPUT_VARIABLE listing RESULT_VARIABLE status ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${ARCHIVE}: ${errors}")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(symbols "")
foreach(line IN LISTS lines)
  # "<address> <kind> <name>"; member headers and blank lines have no kind.
  if(line MATCHES "^[0-9a-fA-F]+ [A-Za-z] ([^ ]+)$")
    set(symbol "${CMAKE_MATCH_1}")
    if(NOT symbol MATCHES "9interlock" AND NOT symbol MATCHES "^interlock_")
      list(APPEND symbols "${symbol}")
    endif()
  endif()
endforeach()
list(REMOVE_DUPLICATES symbols)
list(SORT symbols)
# The entry points and the interceptors of pthread_create and malloc must be there, or the
# listing was not the runtime's.
foreach(required __interlock_init __interlock_read4 pthread_create malloc)
  if(NOT required IN_LIST symbols)
    message(FATAL_ERROR "${ARCHIVE} defines no ${required}: not the runtime archive?")
  endif()
endforeach()
list(LENGTH symbols count)
get_filename_component(archive_name "${ARCHIVE}" NAME)
set(text "/* Generated from ${archive_name} by runtime/generate_export_list.cmake: the ${count}\n")
string(APPEND text "   symbols an instrumented executable exports (interceptors, entry points, annotations). */\n{\n")
foreach(symbol IN LISTS symbols)
  string(APPEND text "  ${symbol};\n")
endforeach()
string(APPEND text "};\n")
# Rewritten only when it changes, so that an unchanged list relinks nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}.tmp" "${text}")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
