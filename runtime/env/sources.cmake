#===- runtime/env/sources.cmake - the environments of libmdlrt -----------===#
# SPDX-License-Identifier: Apache-2.0
#
# Included by runtime/CMakeLists.txt. A new environment adds its file here
# and one line to Environments.def (docs/environments.md).
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/Environment.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Registry.cpp
  # one file per environment
  ${CMAKE_CURRENT_LIST_DIR}/CartPole.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MountainCar.cpp
)
