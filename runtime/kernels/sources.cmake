#===- runtime/kernels/sources.cmake - the kernels of libmdlrt ------------===#
# SPDX-License-Identifier: Apache-2.0
#
# Included by runtime/CMakeLists.txt. Compiled with the runtime's baseline
# flags: the AVX2 kernel selects its ISA by function attribute and is only
# called after a CPU check (Dispatch.cpp), so the library runs on any x86-64.
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/Avx2.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Dispatch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Generic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Matmul.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MatmulAbi.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ThreadPool.cpp
)
