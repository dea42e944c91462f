#===- test/unit/RL/sources.cmake - the q_learning unit-test sources --------===#
# SPDX-License-Identifier: Apache-2.0
#
# Shared by test/unit/RL/CMakeLists.txt (the mdlc tree) and
# runtime/CMakeLists.txt (the runtime built alone, in RuntimeTests).
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/AgentCheckpointTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AgentEvalTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AgentProgressTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ExplorationTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/QLearningRunTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReplayBufferTest.cpp
)
