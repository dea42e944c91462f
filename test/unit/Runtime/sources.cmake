#===- test/unit/Runtime/sources.cmake - the runtime's unit-test sources --===#
# SPDX-License-Identifier: Apache-2.0
#
# Shared by test/unit/Runtime/CMakeLists.txt (the mdlc tree) and
# runtime/CMakeLists.txt (the runtime built alone).
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/AtomicFileTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/BatchesTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CheckpointTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CsvTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/DataPathTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FileDatasetsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IdxDatasetTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/InfoTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/IdxTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/JsonTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MemrefTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/NpyTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/OptionsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ParamsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PlotTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PrefetcherTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProgressTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RandomTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RunTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SafetensorsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ScheduleTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ShuffleTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SignalsTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SyntheticLinearTest.cpp
)
