#===- runtime/rl/sources.cmake - reinforcement learning in libmdlrt --------===#
# SPDX-License-Identifier: Apache-2.0
#
# Included by runtime/CMakeLists.txt: the runtime side of `train ... with
# q_learning` (replay buffer, exploration, episodes and progress, the C ABI
# of training and evaluating an agent). The environments are in env/.
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/AgentCheckpoint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AgentEval.cpp
  ${CMAKE_CURRENT_LIST_DIR}/AgentProgress.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Exploration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/QLearningRun.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ReplayBuffer.cpp
)
