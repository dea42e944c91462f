//===- MDLWindowOps.cpp - verifiers of convolution and pooling --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Verifiers of the NCHW window ops (conv2d, max/avg pooling) and of their
// adjoint ops. Labels refer to dialects/mdl/README.md#conv2d and #pooling.
//
//===----------------------------------------------------------------------===//

#include "dialects/mdl/IR/MDLOps.h"
#include "dialects/mdl/IR/MDLVerifyUtils.h"

using namespace mlir;
using namespace mlir::mdl;
using namespace mlir::mdl::detail;

std::optional<int64_t> mlir::mdl::getWindowOutputSize(int64_t size,
                                                      int64_t kernel,
                                                      int64_t stride,
                                                      int64_t padding,
                                                      int64_t dilation) {
  int64_t span = size + 2 * padding - dilation * (kernel - 1) - 1;
  if (span < 0)
    return std::nullopt;
  return span / stride + 1;
}

/// window_c1: each attribute has one entry per spatial dimension (2);
/// kernel, stride and dilation entries are positive, padding entries are
/// not negative. Pooling (`dilation` empty) also needs padding at most half
/// the kernel, as PyTorch does, so that no window lies wholly in padding.
static LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> kernel,
                                       ArrayRef<int64_t> stride,
                                       ArrayRef<int64_t> padding,
                                       ArrayRef<int64_t> dilation,
                                       bool pooling) {
  auto check = [&](StringRef name, ArrayRef<int64_t> values,
                   int64_t minimum) -> LogicalResult {
    if (values.size() != 2)
      return op->emitOpError() << "expected " << name
                               << " to have 2 entries, but got "
                               << values.size();
    for (int64_t v : values)
      if (v < minimum)
        return op->emitOpError() << "expected " << name << " entries >= "
                                 << minimum << ", but got " << v;
    return success();
  };
  if ((pooling && failed(check("kernel", kernel, 1))) ||
      failed(check("stride", stride, 1)) ||
      failed(check("padding", padding, 0)) ||
      (!pooling && failed(check("dilation", dilation, 1))))
    return failure();
  if (pooling)
    for (int i = 0; i < 2; ++i)
      if (2 * padding[i] > kernel[i])
        return op->emitOpError()
               << "expected padding at most half the kernel, but got padding "
               << padding[i] << " for kernel " << kernel[i];
  return success();
}

/// Whether every dimension of `type` but the first (the batch) is static.
static bool hasStaticShapeButBatch(RankedTensorType type) {
  return llvm::none_of(type.getShape().drop_front(), ShapedType::isDynamic);
}

/// window_c2: `input` and `output` are rank-4 and the spatial sizes of
/// `output` are the window output sizes of `input`'s for `kernel` (KH, KW).
static LogicalResult verifyWindowShapes(Operation *op, RankedTensorType input,
                                        RankedTensorType output,
                                        ArrayRef<int64_t> kernel,
                                        ArrayRef<int64_t> stride,
                                        ArrayRef<int64_t> padding,
                                        ArrayRef<int64_t> dilation) {
  if (input.getRank() != 4 || output.getRank() != 4)
    return op->emitOpError() << "expected rank-4 [N, C, H, W] tensors, but "
                                "got "
                             << input << " and " << output;
  // window_c3: static shapes but the batch (the output size is computed
  // from the rest; the batch only counts windows).
  if (!hasStaticShapeButBatch(input) || !hasStaticShapeButBatch(output))
    return op->emitOpError()
           << "expected static shapes except the batch (dimension 0), but got "
           << input << " and " << output;
  for (int i = 0; i < 2; ++i)
    if (input.getDimSize(2 + i) > (int64_t(1) << 40) ||
        kernel[i] > (int64_t(1) << 40) || padding[i] > (int64_t(1) << 40))
      return op->emitOpError()
             << "expected spatial sizes, kernel and padding below 2^40";
  SmallVector<int64_t> expected;
  for (int i = 0; i < 2; ++i) {
    std::optional<int64_t> size =
        getWindowOutputSize(input.getDimSize(2 + i), kernel[i], stride[i],
                            padding[i], dilation.empty() ? 1 : dilation[i]);
    if (!size)
      return op->emitOpError()
             << "expected the window to fit the padded input "
             << shapeString(input.getShape()) << ", but kernel is "
             << shapeString(kernel);
    expected.push_back(*size);
  }
  if (output.getDimSize(2) != expected[0] ||
      output.getDimSize(3) != expected[1])
    return op->emitOpError()
           << "expected spatial output size " << shapeString(expected)
           << ", but got " << shapeString(output.getShape().drop_front(2));
  return success();
}

/// The kernel size [KH, KW] of a weight [O, C, KH, KW].
static SmallVector<int64_t> kernelOf(RankedTensorType weight) {
  return {weight.getDimSize(2), weight.getDimSize(3)};
}

//===----------------------------------------------------------------------===//
// Conv2DOp and its adjoints
//===----------------------------------------------------------------------===//

/// conv2d_c1..c3 for an input, weight and output of a convolution, whatever
/// op carries them.
static LogicalResult verifyConvolution(Operation *op, RankedTensorType input,
                                       RankedTensorType weight,
                                       RankedTensorType output,
                                       ArrayRef<int64_t> stride,
                                       ArrayRef<int64_t> padding,
                                       ArrayRef<int64_t> dilation) {
  if (failed(verifySameElementType(op)) ||
      failed(verifyWindowAttrs(op, {}, stride, padding, dilation,
                               /*pooling=*/false)))
    return failure();
  // conv2d_c1
  if (input.getRank() != 4 || weight.getRank() != 4 || output.getRank() != 4)
    return op->emitOpError()
           << "expected rank-4 input [N, C, H, W], weight [O, C, KH, KW] and "
              "output [N, O, OH, OW], but got "
           << input << ", " << weight << " and " << output;
  // window_c3: the weight holds no batch, so it is static.
  if (!weight.hasStaticShape())
    return op->emitOpError() << "expected a static weight, but got " << weight;
  // conv2d_c1: a kernel of at least one tap.
  if (weight.getDimSize(2) < 1 || weight.getDimSize(3) < 1)
    return op->emitOpError() << "expected a non-empty kernel, but got weight "
                             << weight;
  // conv2d_c2
  if (input.getDimSize(1) != weight.getDimSize(1))
    return op->emitOpError() << "expected input channels to equal weight "
                                "dimension 1 ("
                             << weight.getDimSize(1) << "), but got "
                             << input.getDimSize(1);
  // conv2d_c3: a `?` batch pairs only with `?`.
  if (output.getDimSize(0) != input.getDimSize(0) ||
      output.getDimSize(1) != weight.getDimSize(0))
    return op->emitOpError()
           << "expected output batch and channels "
           << shapeString({input.getDimSize(0), weight.getDimSize(0)})
           << ", but got " << shapeString(output.getShape().take_front(2));
  return verifyWindowShapes(op, input, output, kernelOf(weight), stride,
                            padding, dilation);
}

LogicalResult Conv2DOp::verify() {
  RankedTensorType weight = getWeight().getType();
  if (failed(verifyConvolution(*this, getInput().getType(), weight,
                               getResult().getType(), getStride(),
                               getPadding(), getDilation())))
    return failure();
  // conv2d_c4
  if (getBias()) {
    RankedTensorType bias = getBias().getType();
    if (bias.getRank() != 1 || bias.getDimSize(0) != weight.getDimSize(0))
      return emitOpError("expected bias of shape [")
             << weight.getDimSize(0) << "], but got "
             << shapeString(bias.getShape());
  }
  return success();
}

LogicalResult Conv2DInputGradOp::verify() {
  return verifyConvolution(*this, getResult().getType(),
                           getWeight().getType(), getOutputGrad().getType(),
                           getStride(), getPadding(), getDilation());
}

LogicalResult Conv2DWeightGradOp::verify() {
  return verifyConvolution(*this, getInput().getType(),
                           getResult().getType(), getOutputGrad().getType(),
                           getStride(), getPadding(), getDilation());
}

//===----------------------------------------------------------------------===//
// Pooling and its adjoints
//===----------------------------------------------------------------------===//

/// pool_c1: input and output share N and C (and, with window_c1/c2, the
/// pooled spatial sizes); a `?` batch pairs only with `?`.
static LogicalResult verifyPooling(Operation *op, RankedTensorType input,
                                   RankedTensorType output,
                                   ArrayRef<int64_t> kernel,
                                   ArrayRef<int64_t> stride,
                                   ArrayRef<int64_t> padding) {
  if (failed(verifySameElementType(op)) ||
      failed(verifyWindowAttrs(op, kernel, stride, padding, {},
                               /*pooling=*/true)) ||
      failed(verifyWindowShapes(op, input, output, kernel, stride, padding,
                                {})))
    return failure();
  if (input.getShape().take_front(2) != output.getShape().take_front(2))
    return op->emitOpError()
           << "expected output batch and channels "
           << shapeString(input.getShape().take_front(2)) << ", but got "
           << shapeString(output.getShape().take_front(2));
  return success();
}

LogicalResult MaxPool2DOp::verify() {
  return verifyPooling(*this, getInput().getType(), getResult().getType(),
                       getKernel(), getStride(), getPadding());
}

LogicalResult AvgPool2DOp::verify() {
  return verifyPooling(*this, getInput().getType(), getResult().getType(),
                       getKernel(), getStride(), getPadding());
}

LogicalResult MaxPool2DGradOp::verify() {
  // pool_c2: the gradient has the input's type.
  if (getResult().getType() != getInput().getType())
    return emitOpError("expected result type ")
           << getInput().getType() << ", but got " << getResult().getType();
  // pool_c3: the lowering numbers the taps of a window in the element type,
  // which must hold every tap number exactly (bf16: 256, f16: 2048).
  auto element = cast<FloatType>(getInput().getType().getElementType());
  ArrayRef<int64_t> kernel = getKernel();
  if (kernel.size() == 2 && kernel[0] > 0 && kernel[1] > 0 &&
      kernel[0] <= (int64_t(1) << 20) && kernel[1] <= (int64_t(1) << 20) &&
      element.getFPMantissaWidth() < 62 &&
      kernel[0] * kernel[1] > (int64_t(1) << element.getFPMantissaWidth()))
    return emitOpError("expected at most ")
           << (int64_t(1) << element.getFPMantissaWidth())
           << " taps for element type " << element << ", but the kernel has "
           << kernel[0] * kernel[1];
  return verifyPooling(*this, getInput().getType(), getOutputGrad().getType(),
                       getKernel(), getStride(), getPadding());
}

LogicalResult AvgPool2DGradOp::verify() {
  return verifyPooling(*this, getResult().getType(),
                       getOutputGrad().getType(), getKernel(), getStride(),
                       getPadding());
}
