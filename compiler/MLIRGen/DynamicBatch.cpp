//===- DynamicBatch.cpp - Which programs get a run-time batch ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A supervised program is compiled with `B` as `?`, so `--batch N` picks
// the batch at run time: every mdl op takes a dynamic leading dimension
// (dialects/mdl/README.md#dynamic-batch). A q_learning program keeps its
// train block's batch: its replay sampling and warm-up are sized for it.
//
//===----------------------------------------------------------------------===//

#include "compiler/MLIRGen/MLIRGenInternals.h"

using namespace mdlc::frontend;
using namespace mdlc::mlirgen;

std::string mdlc::mlirgen::getStaticBatchReason(const TrainConfig &config) {
  if (config.driver == TrainDriver::QLearning)
    return "q_learning";
  return "";
}
