//===- MDLOps.td - mdl dialect operations ------------------*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The ops of the mdl dialect: layers, elementwise arithmetic, reductions and
// shape ops, losses, optimizer updates, and the differentiation request.
// Constraint labels (`linear_c1`, ...) refer to dialects/mdl/README.md.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDL_IR_MDLOPS_TD
#define DIALECTS_MDL_IR_MDLOPS_TD

include "dialects/mdl/IR/MDLDialect.td"
include "dialects/mdl/IR/MDLInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Ops whose results can carry the dynamic batch reify their result shapes
// from their operands (ReifyRankedShapedTypeOpInterface), so the lowering
// and upstream utilities know the sizes of `?` dimensions.
defvar MDL_Reify =
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                              ["reifyResultShapes"]>;

class MDL_DiffOp<string mnemonic, list<Trait> traits = []>
    : MDL_Op<mnemonic, !listconcat(traits, [
        Pure, DeclareOpInterfaceMethods<MDL_DifferentiableOpInterface>])>;

//===----------------------------------------------------------------------===//
// Layers and contractions
//===----------------------------------------------------------------------===//

def MDL_LinearOp : MDL_DiffOp<"linear", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "affine layer y = x·weightᵀ + bias";
  let description = [{
    PyTorch's `nn.Linear`: `input` is `[N, in]`, `weight` is `[out, in]`
    (PyTorch's layout), the optional `bias` is `[out]`; the result is
    `[N, out]`. All element types are equal. `N` may be dynamic
    (`dynamic_c1`). See README.md#linear.

    ```mlir
    %y = mdl.linear %x, %w, %b : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, MDL_FloatTensor:$weight,
                       Optional<MDL_FloatTensor>:$bias);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_MatmulOp : MDL_DiffOp<"matmul", [MDL_Reify]> {
  let summary = "matrix product of two rank-2 tensors";
  let description = [{
    `lhs` is `[M, K]`, `rhs` is `[K, N]`, the result `[M, N]`; the `@`
    operator of the language. Any of `M`, `K`, `N` may be dynamic: the
    weight gradient `dyᵀ·x` contracts over the batch. See README.md#matmul.

    ```mlir
    %c = mdl.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$lhs, MDL_FloatTensor:$rhs);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and pooling (NCHW)
//===----------------------------------------------------------------------===//

def MDL_Conv2DOp : MDL_DiffOp<"conv2d", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "2-D convolution, PyTorch's nn.Conv2d (groups = 1)";
  let description = [{
    `input` is `[N, C, H, W]`, `weight` `[O, C, KH, KW]` (PyTorch's layout),
    the optional `bias` `[O]`; the result is `[N, O, OH, OW]` with
    `OH = (H + 2·padding[0] - dilation[0]·(KH - 1) - 1) / stride[0] + 1`
    (likewise OW). Zero padding. See README.md#conv2d.

    ```mlir
    %y = mdl.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<64x1x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>) -> tensor<64x32x26x26xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, MDL_FloatTensor:$weight,
                       Optional<MDL_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_Conv2DInputGradOp : MDL_DiffOp<"conv2d_input_grad", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "adjoint of conv2d with respect to its input";
  let description = [{
    Given `output_grad` `[N, O, OH, OW]` and `weight` `[O, C, KH, KW]`,
    returns the gradient `[N, C, H, W]` of `Σ output_grad · conv2d(x, weight)`
    with respect to `x` (the transposed convolution); the result type fixes
    `H` and `W`, which stride > 1 leaves ambiguous. Same attributes as
    `mdl.conv2d`. See README.md#conv2d.

    ```mlir
    %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<64x32x26x26xf32>, tensor<32x1x3x3xf32>) -> tensor<64x1x28x28xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$output_grad, MDL_FloatTensor:$weight,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $output_grad `,` $weight attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_Conv2DWeightGradOp : MDL_DiffOp<"conv2d_weight_grad", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "adjoint of conv2d with respect to its weight";
  let description = [{
    Given `input` `[N, C, H, W]` and `output_grad` `[N, O, OH, OW]`,
    returns the gradient `[O, C, KH, KW]` of
    `Σ output_grad · conv2d(input, w)` with respect to `w`; the result type
    fixes the kernel size. Same attributes as `mdl.conv2d`.
    See README.md#conv2d.

    ```mlir
    %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<64x1x28x28xf32>, tensor<64x32x26x26xf32>) -> tensor<32x1x3x3xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, MDL_FloatTensor:$output_grad,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $output_grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_MaxPool2DOp : MDL_DiffOp<"max_pool2d", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "2-D max pooling, PyTorch's nn.MaxPool2d";
  let description = [{
    The maximum of each `kernel` window of `input` `[N, C, H, W]`, windows
    `stride` apart; padding adds `-inf` borders. The result is
    `[N, C, OH, OW]`, `OH = (H + 2·padding[0] - kernel[0]) / stride[0] + 1`.
    The gradient goes to the first maximum of each window, as PyTorch's
    does. See README.md#pooling.

    ```mlir
    %y = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<64x32x26x26xf32> -> tensor<64x32x13x13xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def MDL_MaxPool2DGradOp : MDL_Op<"max_pool2d_grad", [Pure, MDL_BatchDynamic, MDL_Reify]> {
  let summary = "adjoint of max_pool2d with respect to its input";
  let description = [{
    Routes each element of `output_grad` (shaped like max_pool2d's result)
    to the first maximum of its window in `input`; the result has the
    input's type. Overlapping windows accumulate. Not differentiable.
    See README.md#pooling.

    ```mlir
    %dx = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<64x32x26x26xf32>, tensor<64x32x13x13xf32>) -> tensor<64x32x26x26xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, MDL_FloatTensor:$output_grad,
                       DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$padding);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $output_grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_AvgPool2DOp : MDL_DiffOp<"avg_pool2d", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "2-D average pooling, PyTorch's nn.AvgPool2d";
  let description = [{
    The mean of each `kernel` window of `input` `[N, C, H, W]`, windows
    `stride` apart, zero padding counted in the mean (PyTorch's default
    `count_include_pad=True`). Output size as `mdl.max_pool2d`.
    See README.md#pooling.

    ```mlir
    %y = mdl.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<64x32x26x26xf32> -> tensor<64x32x13x13xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def MDL_AvgPool2DGradOp : MDL_DiffOp<"avg_pool2d_grad", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "adjoint of avg_pool2d with respect to its input";
  let description = [{
    Spreads each element of `output_grad` evenly over its window:
    the result (the input's shape, given by the result type) at each
    position is the sum over the windows covering it of
    `output_grad / (kernel[0]·kernel[1])`. Linear; its own adjoint is
    `mdl.avg_pool2d`. See README.md#pooling.

    ```mlir
    %dx = mdl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<64x32x13x13xf32> -> tensor<64x32x26x26xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$output_grad, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $output_grad attr-dict `:` type($output_grad) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization and regularization
//===----------------------------------------------------------------------===//

def MDL_BatchNormTrainOp : MDL_DiffOp<"batch_norm_train", [MDL_BatchDynamic, MDL_Reify,
    AllTypesMatch<["input", "result"]>,
    AllTypesMatch<["weight", "bias", "mean", "var"]>]> {
  let summary = "batch normalization with the batch's statistics";
  let description = [{
    PyTorch's `nn.BatchNorm1d/2d` in training mode: over `input` `[N, C]` or
    `[N, C, H, W]`, per channel `c`, `mean` and the biased `var` of the
    batch (all dims but 1), and `result = (x - mean) / sqrt(var + eps) ·
    weight + bias` with `weight`, `bias` `[C]` (`batch_norm_c1`). The
    batch `mean` and `var` are results too, for the running statistics
    (PyTorch updates `running_var` with the unbiased variance:
    `var · n / (n - 1)`, n = N·H·W). Differentiable in input, weight and
    bias; see README.md#batch_norm.

    ```mlir
    %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<64x32x13x13xf32>, tensor<32xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, MDL_FloatTensor:$weight,
                       MDL_FloatTensor:$bias, F64Attr:$eps);
  let results = (outs MDL_FloatTensor:$result, MDL_FloatTensor:$mean,
                      MDL_FloatTensor:$var);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` type($input) `,` type($weight)
  }];
  let hasVerifier = 1;
}

def MDL_BatchNormEvalOp : MDL_DiffOp<"batch_norm_eval", [MDL_BatchDynamic, MDL_Reify,
    AllTypesMatch<["input", "result"]>,
    AllTypesMatch<["weight", "bias", "mean", "var"]>]> {
  let summary = "batch normalization with given statistics";
  let description = [{
    PyTorch's `nn.BatchNorm1d/2d` in evaluation mode: `result = (x - mean)
    / sqrt(var + eps) · weight + bias` per channel (dim 1) with the running
    `mean` and `var` `[C]` (`batch_norm_c1`). Differentiable in every
    operand; see README.md#batch_norm.

    ```mlir
    %y = mdl.batch_norm_eval %x, %w, %b, %rm, %rv {eps = 1.0e-05 : f64} : tensor<64x32x13x13xf32>, tensor<32xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, MDL_FloatTensor:$weight,
                       MDL_FloatTensor:$bias, MDL_FloatTensor:$mean,
                       MDL_FloatTensor:$var, F64Attr:$eps);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias `,` $mean `,` $var attr-dict `:` type($input) `,` type($weight)
  }];
  let hasVerifier = 1;
}

def MDL_DropoutOp : MDL_DiffOp<"dropout", [MDL_BatchDynamic, MDL_Reify,
                                          AllTypesMatch<["input", "result"]>]> {
  let summary = "seeded dropout";
  let description = [{
    `result = input · keep / (1 - p)` where `keep` is 1 for each element
    whose hash of (`seed`, element index) falls at or above `p` in [0, 1)
    and 0 otherwise: PyTorch's `nn.Dropout(p)` in training mode, with a
    counter-based mask, so the same seed gives the same mask in the forward
    pass and its VJP (`dropout(dy, seed)`, the op being linear in `input`)
    and a run is reproducible (`dropout_c1`: 0 <= p < 1). `seed` is an i64
    scalar the training loop changes every step. See README.md#dropout.

    ```mlir
    %y = mdl.dropout %x, %seed {p = 5.000000e-01 : f64} : tensor<64x128xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, I64:$seed, F64Attr:$p);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input `,` $seed attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

class MDL_BroadcastBinaryOp<string mnemonic, string formula>
    : MDL_DiffOp<mnemonic, [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise " # formula # " with NumPy-style broadcasting";
  let description = [{
    Computes `}] # formula # [{` elementwise. Shapes broadcast as in NumPy:
    they are aligned at the last dimension and each pair of dimensions must
    be equal or one of them 1; a dynamic batch (`?`) pairs with `?` or 1.
    The result has the broadcast shape and the operands' element type.
    See README.md#broadcasting.

    ```mlir
    %r = mdl.}] # mnemonic # [{ %a, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$lhs, MDL_FloatTensor:$rhs);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::reifyResultShapes(
        ::mlir::OpBuilder &builder,
        ::mlir::ReifiedRankedShapedTypeDims &shapes) {
      return ::mlir::mdl::detail::reifyBroadcastShape(builder, *this, shapes);
    }
  }];
}

def MDL_AddOp : MDL_BroadcastBinaryOp<"add", "lhs + rhs">;
def MDL_SubOp : MDL_BroadcastBinaryOp<"sub", "lhs - rhs">;
def MDL_MulOp : MDL_BroadcastBinaryOp<"mul", "lhs * rhs">;
def MDL_DivOp : MDL_BroadcastBinaryOp<"div", "lhs / rhs">;

def MDL_NegOp : MDL_DiffOp<"neg", [SameOperandsAndResultType,
                                   MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise negation";
  let description = [{
    Computes `-input` elementwise.

    ```mlir
    %r = mdl.neg %a : tensor<8x4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

class MDL_UnaryMathOp<string mnemonic, string formula>
    : MDL_DiffOp<mnemonic, [SameOperandsAndResultType, MDL_BatchDynamic,
                            MDL_Reify]> {
  let summary = "elementwise " # formula;
  let description = [{
    Computes `}] # formula # [{` of each element; the result has the
    input's type. See README.md#elementwise-functions.

    ```mlir
    %r = mdl.}] # mnemonic # [{ %a : tensor<8x4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::reifyResultShapes(
        ::mlir::OpBuilder &builder,
        ::mlir::ReifiedRankedShapedTypeDims &shapes) {
      return ::mlir::mdl::detail::reifyBroadcastShape(builder, *this, shapes);
    }
  }];
}

def MDL_ReluOp : MDL_UnaryMathOp<"relu", "max(x, 0)">;
def MDL_ExpOp : MDL_UnaryMathOp<"exp", "exp(x)">;
def MDL_LogOp : MDL_UnaryMathOp<"log", "log(x)">;
def MDL_TanhOp : MDL_UnaryMathOp<"tanh", "tanh(x)">;
def MDL_SigmoidOp : MDL_UnaryMathOp<"sigmoid", "1 / (1 + exp(-x))">;
def MDL_AbsOp : MDL_UnaryMathOp<"abs", "|x|">;
def MDL_SqrtOp : MDL_UnaryMathOp<"sqrt", "sqrt(x)">;
def MDL_ErfOp : MDL_UnaryMathOp<"erf", "the error function erf(x)">;
// PyTorch's default (exact) GELU; its derivative is Φ(x) + x·φ(x).
def MDL_GeluOp : MDL_UnaryMathOp<"gelu", "x·Φ(x) = 0.5·x·(1 + erf(x/√2))">;

def MDL_LeakyReluOp : MDL_DiffOp<"leaky_relu", [SameOperandsAndResultType,
    MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise leaky ReLU";
  let description = [{
    `x` where `x > 0`, `slope·x` elsewhere: PyTorch's
    `nn.LeakyReLU(negative_slope=slope)` (`leaky_relu_c1`: `slope` is
    finite). The derivative at 0 is `slope`, as PyTorch's.
    See README.md#elementwise-functions.

    ```mlir
    %r = mdl.leaky_relu %a {slope = 1.000000e-02 : f64} : tensor<8x4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, F64Attr:$slope);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def MDL_PowOp : MDL_DiffOp<"pow", [SameOperandsAndResultType,
    MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise power with a constant exponent";
  let description = [{
    `x^exponent` elementwise (`torch.pow(x, exponent)` with a number;
    `pow_c1`: `exponent` is finite). A negative base with a non-integer
    exponent gives NaN, as in PyTorch. The derivative is
    `exponent·x^(exponent-1)` (0 for exponent 0).
    See README.md#elementwise-functions.

    ```mlir
    %r = mdl.pow %a {exponent = 2.000000e+00 : f64} : tensor<8x4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, F64Attr:$exponent);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def MDL_HuberOp : MDL_DiffOp<"huber", [SameOperandsAndResultType,
    MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise Huber function";
  let description = [{
    `0.5·x²` where `|x| ≤ delta`, `delta·(|x| - 0.5·delta)` elsewhere: the
    elementwise term of PyTorch's `nn.HuberLoss(delta=delta)`
    (`huber_c1`: `delta > 0`). See README.md#elementwise-functions.

    ```mlir
    %r = mdl.huber %a {delta = 1.000000e+00 : f64} : tensor<64xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, F64Attr:$delta);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def MDL_StopGradientOp : MDL_DiffOp<"stop_gradient",
    [SameOperandsAndResultType, MDL_BatchDynamic, MDL_Reify]> {
  let summary = "identity whose gradient is zero";
  let description = [{
    Returns `input` unchanged; autodiff propagates no adjoint through it,
    as JAX's `lax.stop_gradient` and PyTorch's `detach()`.

    ```mlir
    %r = mdl.stop_gradient %a : tensor<8x4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def MDL_CompareOp : MDL_Op<"compare", [Pure, MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise comparison with broadcasting";
  let description = [{
    Compares `lhs` with `rhs` elementwise under `predicate` (`lt`, `le`,
    `gt`, `ge`, `eq`, `ne`; ordered comparisons for floats, signed for
    integers), broadcasting as the arithmetic ops do, and returns a tensor
    of `i1`. Not differentiable: its result is boolean.
    See README.md#compare-and-select.

    ```mlir
    %c = mdl.compare "lt", %a, %b : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xi1>
    ```
  }];
  let arguments = (ins StrAttr:$predicate,
                       RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$lhs,
                       RankedTensorOf<[AnyFloat, AnySignlessInteger]>:$rhs);
  let results = (outs RankedTensorOf<[I1]>:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_SelectOp : MDL_DiffOp<"select", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "elementwise choice with broadcasting";
  let description = [{
    `where(condition, on_true, on_false)`: each element comes from
    `on_true` where `condition` holds and from `on_false` elsewhere. The
    three operands broadcast together; the two values share the result's
    element type. See README.md#compare-and-select.

    ```mlir
    %r = mdl.select %c, %a, %b : (tensor<8x4xi1>, tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition,
                       MDL_FloatTensor:$on_true, MDL_FloatTensor:$on_false);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions and shape ops
//===----------------------------------------------------------------------===//

class MDL_ReductionOp<string mnemonic, string what>
    : MDL_DiffOp<mnemonic, [MDL_BatchDynamic, MDL_Reify]> {
  let summary = what # " over the given dimensions";
  let description = [{
    Reduces `input` over `dims` (strictly increasing, each in
    `[0, rank)`) and drops those dimensions from the result; an empty
    `dims` list reduces nothing. Reducing every dimension gives a rank-0
    tensor. A reduction over a dynamic batch divides (`mean`) by the
    run-time count. See README.md#reductions.

    ```mlir
    %r = mdl.}] # mnemonic # [{ %a dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, DenseI64ArrayAttr:$dims);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dims` `=` $dims attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::reifyResultShapes(
        ::mlir::OpBuilder &builder,
        ::mlir::ReifiedRankedShapedTypeDims &shapes) {
      return ::mlir::mdl::detail::reifyReducedShape(builder, *this, getInput(),
                                                    getDims(), shapes);
    }
  }];
}

def MDL_SumOp : MDL_ReductionOp<"sum", "sum">;
def MDL_MeanOp : MDL_ReductionOp<"mean", "arithmetic mean">;
// The gradient of max is shared evenly by the maxima of each reduced slice
// (torch.amax's rule; ties have probability zero for float data).
def MDL_MaxOp : MDL_ReductionOp<"max", "maximum">;

def MDL_GatherOp : MDL_DiffOp<"gather", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "pick one element along a dimension by index";
  let description = [{
    `result[i] = input[i with index[i] inserted at axis]`: `index` has the
    input's shape without `axis` and an integer element type; the result
    has the index's shape and the input's element type (torch.gather with
    the gathered dimension squeezed). An index outside `[0, size)` gives 0.
    Differentiable in `input`; see README.md#gather.

    ```mlir
    %q = mdl.gather %values, %actions axis = 1 : (tensor<64x2xf32>, tensor<64xi32>) -> tensor<64xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input,
                       RankedTensorOf<[I32, I64]>:$index, I64Attr:$axis);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $index `axis` `=` $axis attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_ScatterAddOp : MDL_DiffOp<"scatter_add", [MDL_BatchDynamic,
                                                 MDL_Reify]> {
  let summary = "place elements along a dimension by index (gather's adjoint)";
  let description = [{
    The transpose of `mdl.gather`: a tensor of the result type, zero except
    `result[i with index[i] inserted at axis] = source[i]`. `source` and
    `index` have the result's shape without `axis`. Differentiable in
    `source` (its adjoint is `mdl.gather`); see README.md#gather.

    ```mlir
    %d = mdl.scatter_add %grad, %actions axis = 1 : (tensor<64xf32>, tensor<64xi32>) -> tensor<64x2xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$source,
                       RankedTensorOf<[I32, I64]>:$index, I64Attr:$axis);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $source `,` $index `axis` `=` $axis attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_BroadcastOp : MDL_DiffOp<"broadcast", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "broadcast a tensor into a larger shape";
  let description = [{
    Dimension `i` of `input` becomes dimension `dims[i]` of the result
    (`dims` strictly increasing); an input dimension of size 1 may stretch
    to any size, any other must equal the result's. Result dimensions not
    named in `dims` are new. This is StableHLO's `broadcast_in_dim`.
    A dynamic result dimension (the batch) takes its size from
    `dynamic_sizes`, one `index` per `?` of the result, as `tensor.empty`
    (`broadcast_c4`): the adjoint of a loss broadcasts a scalar to
    `[B, ...]`, whose `B` no operand has. See README.md#broadcast.

    ```mlir
    %r = mdl.broadcast %b dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
    %s = mdl.broadcast %dy dims = [] sizes(%n) : tensor<f32> -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input,
                       Variadic<Index>:$dynamic_sizes,
                       DenseI64ArrayAttr:$dims);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `dims` `=` $dims (`sizes` `(` $dynamic_sizes^ `)`)? attr-dict `:`
    type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def MDL_ReshapeOp : MDL_DiffOp<"reshape", [MDL_BatchDynamic, MDL_Reify]> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    Row-major reshape: the result has the same element type and the same
    number of elements as `input`. With a dynamic batch both keep it as
    dimension 0 and reshape the rest (`reshape_c2`), as `flatten` does.

    ```mlir
    %r = mdl.reshape %a : tensor<8x4xf32> -> tensor<32xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def MDL_TransposeOp : MDL_DiffOp<"transpose", [MDL_Reify]> {
  let summary = "permute the dimensions of a tensor";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`; a dynamic
    dimension moves with it (the gradients `dyᵀ` read a moved batch).

    ```mlir
    %r = mdl.transpose %a permutation = [1, 0] : tensor<8x4xf32> -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $input `permutation` `=` $permutation attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def MDL_MSEOp : MDL_DiffOp<"mse", [MDL_BatchDynamic]> {
  let summary = "mean squared error";
  let description = [{
    `mean((prediction - target)²)` over all elements, as PyTorch's
    `nn.MSELoss()` with `reduction="mean"`. Both operands have the same
    shape; the result is a rank-0 tensor of their element type.

    ```mlir
    %l = mdl.mse %p, %t : (tensor<256x1xf32>, tensor<256x1xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$prediction, MDL_FloatTensor:$target);
  let results = (outs MDL_FloatScalarTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_BCEWithLogitsOp : MDL_DiffOp<"bce_with_logits", [MDL_BatchDynamic]> {
  let summary = "mean binary cross-entropy of logits against targets";
  let description = [{
    `mean(max(z, 0) - z·t + log(1 + exp(-|z|)))` over all elements: PyTorch's
    `nn.BCEWithLogitsLoss()` (`reduction="mean"`), computed without
    overflow for logits of any size. `logits` and `target` (probabilities in
    [0, 1]) have the same type (`bce_c1`); the result is a rank-0 tensor of
    their element type.

    ```mlir
    %l = mdl.bce_with_logits %z, %t : (tensor<64x1xf32>, tensor<64x1xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$logits, MDL_FloatTensor:$target);
  let results = (outs MDL_FloatScalarTensor:$result);
  let assemblyFormat = [{
    $logits `,` $target attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_LogSoftmaxOp : MDL_DiffOp<"log_softmax",
    [SameOperandsAndResultType, MDL_BatchDynamic, MDL_Reify]> {
  let summary = "logarithm of softmax along one dimension";
  let description = [{
    `x - max(x) - log(Σ exp(x - max(x)))` along dimension `axis`, computed
    stably by subtracting the maximum first, as `torch.log_softmax`.
    See README.md#softmax-and-cross-entropy.

    ```mlir
    %r = mdl.log_softmax %logits axis = 1 : tensor<64x10xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, I64Attr:$axis);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input `axis` `=` $axis attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def MDL_SoftmaxOp : MDL_DiffOp<"softmax", [SameOperandsAndResultType,
                                           MDL_BatchDynamic, MDL_Reify]> {
  let summary = "softmax along one dimension";
  let description = [{
    `exp(x - max(x)) / Σ exp(x - max(x))` along dimension `axis`.
    See README.md#softmax-and-cross-entropy.

    ```mlir
    %r = mdl.softmax %logits axis = 1 : tensor<64x10xf32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, I64Attr:$axis);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$input `axis` `=` $axis attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def MDL_CrossEntropyOp : MDL_DiffOp<"cross_entropy", [MDL_BatchDynamic]> {
  let summary = "mean cross-entropy of logits against class indices";
  let description = [{
    `mean_n(-log_softmax(logits)[n, labels[n]])` for `logits` `[N, C]` and
    integer `labels` `[N]` in `[0, C)`, as PyTorch's
    `nn.CrossEntropyLoss()`; fused and numerically stable. The result is a
    rank-0 tensor of the logits' element type. Differentiable in the
    logits only. See README.md#softmax-and-cross-entropy.

    ```mlir
    %l = mdl.cross_entropy %logits, %labels : (tensor<64x10xf32>, tensor<64xi32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$logits,
                       RankedTensorOf<[I32, I64]>:$labels);
  let results = (outs MDL_FloatScalarTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MDL_OneHotOp : MDL_Op<"one_hot", [Pure, MDL_BatchDynamic, MDL_Reify]> {
  let summary = "one-hot encoding of class indices";
  let description = [{
    For `labels` `[N]` gives `[N, C]` with 1 at `[n, labels[n]]` and 0
    elsewhere (C is the result's last dimension). Not differentiable.

    ```mlir
    %r = mdl.one_hot %labels : tensor<64xi32> -> tensor<64x10xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$labels);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = "$labels attr-dict `:` type($labels) `->` type($result)";
  let hasVerifier = 1;
}

def MDL_ArgmaxOp : MDL_Op<"argmax", [Pure, MDL_BatchDynamic, MDL_Reify]> {
  let summary = "index of the largest element along one dimension";
  let description = [{
    The index (first one on ties) of the maximum along `axis`, which is
    dropped from the shape; i32 or i64 result. Not differentiable.

    ```mlir
    %r = mdl.argmax %logits axis = 1 : tensor<64x10xf32> -> tensor<64xi32>
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$input, I64Attr:$axis);
  let results = (outs RankedTensorOf<[I32, I64]>:$result);
  let assemblyFormat = [{
    $input `axis` `=` $axis attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Optimizers
//===----------------------------------------------------------------------===//

def MDL_SGDOp : MDL_Op<"sgd", [Pure, AllTypesMatch<["param", "grad", "result"]>]> {
  let summary = "one stochastic-gradient-descent update without momentum";
  let description = [{
    Returns `param - lr * (grad + weight_decay * param)`, PyTorch's
    `torch.optim.SGD` with `momentum=0` (weight decay is L2, added to the
    gradient; 0 by default). `lr` is a float scalar of the parameters'
    element type. Not differentiable: optimizer updates sit outside the
    function that `mdl.value_and_grad` differentiates. No state.

    ```mlir
    %w2 = mdl.sgd %w, %g, %lr : tensor<1x64xf32>, f32
    %w3 = mdl.sgd %w, %g, %lr {weight_decay = 5.0e-04 : f64} : tensor<1x64xf32>, f32
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$param, MDL_FloatTensor:$grad,
                       AnyFloat:$lr,
                       DefaultValuedAttr<F64Attr, "0.0">:$weight_decay);
  let results = (outs MDL_FloatTensor:$result);
  let assemblyFormat = [{
    $param `,` $grad `,` $lr attr-dict `:` type($param) `,` type($lr)
  }];
  let hasVerifier = 1;
}

def MDL_SGDMomentumOp : MDL_Op<"sgd_momentum", [Pure,
    AllTypesMatch<["param", "grad", "buf", "new_param", "new_buf"]>,
    AllTypesMatch<["step", "lr"]>]> {
  let summary = "one SGD update with momentum (heavy-ball or Nesterov)";
  let description = [{
    PyTorch's `torch.optim.SGD` with momentum μ, dampening τ and weight
    decay λ: with `g = grad + λ·param`, the momentum buffer becomes
    `buf' = g` on the first step (`step` = 1; PyTorch creates the buffer as
    a copy of the gradient) and `buf' = μ·buf + (1-τ)·g` after it; the
    update direction is `d = g + μ·buf'` with `nesterov`, else `d = buf'`;
    returns `param - lr·d` and `buf'`. `step` (from 1) and `lr` are scalars
    of the parameters' element type. Not differentiable.

    Optimizer state, one tensor per parameter: `buf` (PyTorch's
    `momentum_buffer`), initially zeros. In a training loop the state
    follows the parameters in the loop-carried values.

    ```mlir
    %p2, %b2 = mdl.sgd_momentum %p, %g, %b, %step, %lr {momentum = 0.9 : f64, dampening = 0.0 : f64, weight_decay = 0.0 : f64, nesterov} : tensor<10xf32>, f32
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$param, MDL_FloatTensor:$grad,
                       MDL_FloatTensor:$buf, AnyFloat:$step, AnyFloat:$lr,
                       F64Attr:$momentum,
                       DefaultValuedAttr<F64Attr, "0.0">:$dampening,
                       DefaultValuedAttr<F64Attr, "0.0">:$weight_decay,
                       UnitAttr:$nesterov);
  let results = (outs MDL_FloatTensor:$new_param, MDL_FloatTensor:$new_buf);
  let assemblyFormat = [{
    $param `,` $grad `,` $buf `,` $step `,` $lr attr-dict `:` type($param) `,` type($lr)
  }];
  let hasVerifier = 1;
}

def MDL_AdamOp : MDL_Op<"adam", [Pure,
    AllTypesMatch<["param", "grad", "m", "v", "new_param", "new_m", "new_v"]>,
    AllTypesMatch<["step", "lr"]>]> {
  let summary = "one Adam or AdamW update of a parameter and its moments";
  let description = [{
    PyTorch's `torch.optim.Adam` (no amsgrad): with weight decay λ added to
    the gradient (`g = grad + λ·param`, L2), `m' = β1·m + (1-β1)·g`,
    `v' = β2·v + (1-β2)·g²` and the step number `step` (≥ 1), returns
    `param - lr·(m'/(1-β1^step)) / (sqrt(v'/(1-β2^step)) + eps)`, `m'` and
    `v'`. With `decoupled_weight_decay` it is `torch.optim.AdamW` instead:
    the gradient is used as it is and the parameter first decays,
    `param·(1 - lr·λ)`, before the same update. `weight_decay` is 0 by
    default. `step` and `lr` are scalars of the parameters' element type.
    Not differentiable.

    Optimizer state, two tensors per parameter, initially zeros: `m`
    (PyTorch's `exp_avg`) and `v` (`exp_avg_sq`). In a training loop the
    state follows the parameters in the loop-carried values: all `m`s in
    parameter order, then all `v`s.

    ```mlir
    %p2, %m2, %v2 = mdl.adam %p, %g, %m, %v, %step, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<10xf32>, f32
    %p3, %m3, %v3 = mdl.adam %p, %g, %m, %v, %step, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 1.0e-02 : f64, decoupled_weight_decay} : tensor<10xf32>, f32
    ```
  }];
  let arguments = (ins MDL_FloatTensor:$param, MDL_FloatTensor:$grad,
                       MDL_FloatTensor:$m, MDL_FloatTensor:$v,
                       AnyFloat:$step, AnyFloat:$lr,
                       F64Attr:$beta1, F64Attr:$beta2, F64Attr:$eps,
                       DefaultValuedAttr<F64Attr, "0.0">:$weight_decay,
                       UnitAttr:$decoupled_weight_decay);
  let results = (outs MDL_FloatTensor:$new_param, MDL_FloatTensor:$new_m,
                      MDL_FloatTensor:$new_v);
  let assemblyFormat = [{
    $param `,` $grad `,` $m `,` $v `,` $step `,` $lr attr-dict `:` type($param) `,` type($lr)
  }];
  let hasVerifier = 1;
}

def MDL_ClipGradNormOp : MDL_Op<"clip_grad_norm", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "scale gradients so that their global norm is at most max_norm";
  let description = [{
    PyTorch's `torch.nn.utils.clip_grad_norm_` (2-norm): with the global
    norm `n = sqrt(Σ_i Σ grads[i]²)` over all operands, every result is
    `grads[i] · min(1, max_norm / (n + 1e-6))`. The operands are float
    tensors of one element type; each result has its operand's type.
    Not differentiable: it runs between `mdl.value_and_grad` and the
    optimizer updates.

    ```mlir
    %g:2 = mdl.clip_grad_norm %gw, %gb {max_norm = 1.0 : f64} : tensor<10x4xf32>, tensor<10xf32>
    ```
  }];
  let arguments = (ins Variadic<MDL_FloatTensor>:$grads, F64Attr:$max_norm);
  let results = (outs Variadic<MDL_FloatTensor>:$results);
  let assemblyFormat = [{
    $grads attr-dict `:` type($grads)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Differentiation
//===----------------------------------------------------------------------===//

def MDL_ValueAndGradOp : MDL_Op<"value_and_grad", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "call a scalar function and return its gradient";
  let description = [{
    Calls `callee` (a `func.func` returning one rank-0 float tensor) with
    `operands` and returns its value followed by the gradient with respect
    to each operand listed in `wrt` (strictly increasing operand indices),
    in that order; each gradient has its operand's type. The `mdl-autodiff`
    pass replaces this op with a call to a generated function that computes
    the value and the gradients in one forward and one reverse sweep.
    See README.md#autodiff.

    ```mlir
    %l, %gw = mdl.value_and_grad @loss(%w, %x) wrt = [0] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee, Variadic<AnyType>:$operands,
                       DenseI64ArrayAttr:$wrt);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = [{
    $callee `(` $operands `)` `wrt` `=` $wrt attr-dict `:` functional-type($operands, $results)
  }];
  let hasVerifier = 1;
}

#endif // DIALECTS_MDL_IR_MDLOPS_TD
