# Installs the CMake package: <prefix>/lib/cmake/Interlock/{InterlockConfig,
# InterlockConfigVersion,InterlockInstrument}.cmake. Included at the end of the top-level
# CMakeLists.txt, after the parts it describes are installed.
include(CMakePackageConfigHelpers)

# Where instrument/ installs the wrappers and instrument/ and runtime/ the plugin and runtime
# (literal paths: the wrappers find ../lib/interlock relative to themselves).
set(INTERLOCK_INSTALL_BINARY_DIR bin)
set(INTERLOCK_INSTALL_LIBRARY_DIR lib/interlock)
set(INTERLOCK_INSTALL_PACKAGE_DIR lib/cmake/Interlock)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/InterlockConfig.cmake.in
  ${CMAKE_BINARY_DIR}/package/InterlockConfig.cmake
  INSTALL_DESTINATION ${INTERLOCK_INSTALL_PACKAGE_DIR}
  PATH_VARS INTERLOCK_INSTALL_BINARY_DIR CMAKE_INSTALL_INCLUDEDIR INTERLOCK_INSTALL_LIBRARY_DIR)
# 0.x: a minor release may change the runtime ABI, so only the same minor version matches.
write_basic_package_version_file(
  ${CMAKE_BINARY_DIR}/package/InterlockConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)

install(FILES
  ${CMAKE_BINARY_DIR}/package/InterlockConfig.cmake
  ${CMAKE_BINARY_DIR}/package/InterlockConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/InterlockInstrument.cmake
  DESTINATION ${INTERLOCK_INSTALL_PACKAGE_DIR})
