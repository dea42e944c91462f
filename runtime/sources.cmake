#===- runtime/sources.cmake - the sources of libmdlrt, by area -----------===#
# SPDX-License-Identifier: Apache-2.0
#
# Included by runtime/CMakeLists.txt. core/Main.cpp is not listed: it holds
# main() and goes into mdlrt_main alone, so libmdlrt never refers to the
# generated mdl_train entry point and unit tests link without it.
#===----------------------------------------------------------------------===#
list(APPEND MDLRT_SOURCES
  # core: errors, RNG, command line, memrefs, JSON, the run and its progress
  ${CMAKE_CURRENT_LIST_DIR}/core/Checkpoints.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Info.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Memref.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Params.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Plot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Progress.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Random.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/core/Signals.cpp
  # data: datasets, batching and shuffling, file readers, path resolution
  ${CMAKE_CURRENT_LIST_DIR}/data/Array.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/Batches.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/Csv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/DataPath.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/Dataset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/FileDatasets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/Idx.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/IdxDataset.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/InputFile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/Npy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/Prefetcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data/SyntheticLinear.cpp
  # checkpoint: safetensors files, written atomically
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint/AtomicFile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint/Checkpoint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checkpoint/Safetensors.cpp
)
