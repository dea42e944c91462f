//===- MDLDialect.td - mdl dialect definition --------------*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The `mdl` dialect: tensor math of models, losses and optimizers, as mdlc's
// frontend emits it and its autodiff pass differentiates it.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDLDIALECT_TD
#define DIALECTS_MDL_IR_MDLDIALECT_TD

include "mlir/IR/OpBase.td"

def MDL_Dialect : Dialect {
  let name = "mdl";
  let cppNamespace = "::mlir::mdl";
  let summary = "tensor math of neural-network models, losses and optimizers";
  let description = [{
    The `mdl` dialect holds the pure tensor computations that `.mdl` programs
    describe: layers (`mdl.linear`), elementwise arithmetic with NumPy-style
    broadcasting, reductions, losses (`mdl.mse`), optimizer updates
    (`mdl.sgd`) and the differentiation request `mdl.value_and_grad`.
    Shapes are static except the batch: dimension 0 of a data tensor may be
    dynamic (`?`), and ops that derive a result's batch from no operand
    take it as an explicit `index` operand (see README.md#dynamic-batch).
    Differentiable ops implement
    `DifferentiableOpInterface`, which the `mdl-autodiff` pass drives.
    See `dialects/mdl/README.md` for the semantics of each op.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let useDefaultTypePrinterParser = 0;
  let useDefaultAttributePrinterParser = 0;
  let extraClassDeclaration = [{
    void registerTypes() {}
  }];
}

class MDL_Op<string mnemonic, list<Trait> traits = []>
    : Op<MDL_Dialect, mnemonic, traits>;

// Tensors the math ops accept: ranked, floating-point elements. Which
// dimensions may be dynamic is each op's rule (the traits below).
def MDL_FloatTensor : RankedTensorOf<[AnyFloat]>;
// A rank-0 float tensor: losses and other scalars.
def MDL_FloatScalarTensor : 0DTensorOf<[AnyFloat]>;

// dynamic_c1: only dimension 0 (the batch) of a tensor operand or result
// may be dynamic. Verified before the op's own verifier.
def MDL_BatchDynamic : NativeOpTrait<"BatchDynamic"> {
  let cppNamespace = "::mlir::mdl::OpTrait";
}

#endif // DIALECTS_MDL_IR_MDLDIALECT_TD
