#===- test/unit/Env/sources.cmake - the environments' unit-test sources --===#
# SPDX-License-Identifier: Apache-2.0
#
# Shared by test/unit/Env/CMakeLists.txt (the mdlc tree) and
# runtime/CMakeLists.txt (the runtime built alone, in RuntimeTests).
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/CartPoleTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/EnvironmentTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MountainCarTest.cpp
)
