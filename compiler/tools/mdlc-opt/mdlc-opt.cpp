//===- mdlc-opt.cpp - mdlc's mlir-opt ---------------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// mlir-opt with the mdl and mdlrt dialects, every mdlc pass, the named
// pipelines and the test-only passes, so each pass is tested alone in lit.
//
//===----------------------------------------------------------------------===//

#include "compiler/InitAll.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mdlc::registerAllDialects(registry);
  mdlc::registerAllPasses();
  mdlc::registerAllPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mdlc optimizer driver\n", registry));
}
