# interlock_instrument(<target>...): builds each target's own sources with Interlock's plugin,
# debug info and frame pointers, __INTERLOCK__ defined and <interlock/annotations.h> on the
# include path, and links each executable with Interlock's runtime: the same flags the
# interlock-cc/interlock-c++ wrappers add (instrument/wrappers/interlock-wrapper.sh.in); a
# project built either way behaves the same (tests/package, step both_ways).
# Libraries are instrumented but not linked with the runtime: the executable that uses them
# carries it, exactly once. Calling it twice on a target is harmless.
#
# Needs INTERLOCK_PLUGIN, INTERLOCK_RUNTIME_ARCHIVE, INTERLOCK_RUNTIME_DYNLIST and
# INTERLOCK_INCLUDE_DIR (set by InterlockConfig.cmake). The plugin is built against LLVM 14, so only clang 14 can load it.

include_guard(GLOBAL)

# Every language the targets are compiled in must use clang 14; checked at the call so that the
# message names the target the user asked for.
function(_interlock_check_compiler target)
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  foreach(language IN ITEMS C CXX)
    if(NOT language IN_LIST languages)
      continue()
    endif()
    set(id "${CMAKE_${language}_COMPILER_ID}")
    set(version "${CMAKE_${language}_COMPILER_VERSION}")
    if(NOT id STREQUAL "Clang" OR version VERSION_LESS 14 OR NOT version VERSION_LESS 15)
      message(FATAL_ERROR
        "interlock_instrument(${target}): the ${language} compiler is ${id} ${version} "
        "(${CMAKE_${language}_COMPILER}), but Interlock's plugin loads only into clang 14. "
        "Configure with -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "
        "(in a fresh build directory).")
    endif()
  endforeach()
endfunction()

function(interlock_instrument)
  if(ARGC EQUAL 0)
    message(FATAL_ERROR "interlock_instrument() needs at least one target")
  endif()
  foreach(target IN LISTS ARGN)
    if(NOT TARGET ${target})
      message(FATAL_ERROR "interlock_instrument(${target}): no such target")
    endif()
    get_target_property(imported ${target} IMPORTED)
    get_target_property(type ${target} TYPE)
    if(imported OR type STREQUAL "INTERFACE_LIBRARY" OR type STREQUAL "UTILITY")
      message(FATAL_ERROR
        "interlock_instrument(${target}): a ${type} target has no sources of its own to build")
    endif()
    get_target_property(already ${target} INTERLOCK_INSTRUMENTED)
    if(already)
      continue()
    endif()
    _interlock_check_compiler(${target})
    set_property(TARGET ${target} PROPERTY INTERLOCK_INSTRUMENTED TRUE)

    # __INTERLOCK__ turns the annotations of <interlock/annotations.h> on; -idirafter (not -I)
    # keeps the target's own include paths first, as the wrappers do.
    target_compile_definitions(${target} PRIVATE __INTERLOCK__=1)
    target_compile_options(${target} PRIVATE
      "-fpass-plugin=${INTERLOCK_PLUGIN}" -g -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
      "SHELL:-idirafter \"${INTERLOCK_INCLUDE_DIR}\"")
    # The plugin is part of the compiler: rebuilding Interlock rebuilds the instrumented code.
    get_target_property(sources ${target} SOURCES)
    list(FILTER sources EXCLUDE REGEX "\\$<")  # generated names are not source properties
    if(sources)
      set_property(SOURCE ${sources} TARGET_DIRECTORY ${target} APPEND PROPERTY
        OBJECT_DEPENDS "${INTERLOCK_PLUGIN}")
    endif()

    if(type STREQUAL "EXECUTABLE")
      # Whole-archive and exported: the runtime's interceptors must be linked in and must be
      # what uninstrumented shared libraries (libstdc++, libc) bind to. SHELL: keeps the group
      # together (CMake would otherwise de-duplicate the repeated -Wl flags).
      target_link_options(${target} PRIVATE
        "SHELL:-Wl,--whole-archive \"${INTERLOCK_RUNTIME_ARCHIVE}\" -Wl,--no-whole-archive"
        "-Wl,--dynamic-list=${INTERLOCK_RUNTIME_DYNLIST}"
        "SHELL:-lpthread -ldl -lm")
      set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
        "${INTERLOCK_RUNTIME_ARCHIVE}" "${INTERLOCK_RUNTIME_DYNLIST}")
    endif()
  endforeach()
endfunction()
