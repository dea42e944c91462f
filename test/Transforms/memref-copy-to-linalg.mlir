// RUN: mdlc-opt %s --mdl-memref-copy-to-linalg | FileCheck %s
// mdl-memref-copy-to-linalg: a memref.copy whose source or target has a
// non-identity layout (what bufferizing tensor.pad and strided
// tensor.insert_slice produces) becomes a linalg.copy, lowered to loops
// later instead of a call of the runner utilities' memrefCopy. Copies
// between two identity-layout buffers stay memref.copy (an llvm.memcpy).

// The target is a view into a padded buffer (tensor.pad).
// CHECK-LABEL: func.func @into_padded_view
// CHECK-SAME:    (%[[SRC:.*]]: memref<2x3x8x8xf32>, %[[DST:.*]]: memref<2x3x10x10xf32>)
// CHECK:         %[[VIEW:.*]] = memref.subview %[[DST]][0, 0, 1, 1] [2, 3, 8, 8] [1, 1, 1, 1]
// CHECK-NOT:     memref.copy
// CHECK:         linalg.copy ins(%[[SRC]] : memref<2x3x8x8xf32>) outs(%[[VIEW]] : memref<2x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>)
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @into_padded_view(%src: memref<2x3x8x8xf32>, %dst: memref<2x3x10x10xf32>) {
  %view = memref.subview %dst[0, 0, 1, 1] [2, 3, 8, 8] [1, 1, 1, 1] : memref<2x3x10x10xf32> to memref<2x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  memref.copy %src, %view : memref<2x3x8x8xf32> to memref<2x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  return
}

// A strided source (the crop extract_slice) is rewritten too.
// CHECK-LABEL: func.func @from_strided_view
// CHECK-SAME:    (%[[SRC:.*]]: memref<2x4x12x12xf32>, %[[DST:.*]]: memref<2x4x4x4xf32>)
// CHECK:         %[[VIEW:.*]] = memref.subview %[[SRC]][0, 0, 2, 2] [2, 4, 4, 4] [1, 1, 2, 2]
// CHECK:         linalg.copy ins(%[[VIEW]] : memref<2x4x4x4xf32, strided<[576, 144, 24, 2], offset: 26>>) outs(%[[DST]] : memref<2x4x4x4xf32>)
// CHECK-NOT:     memref.copy
func.func @from_strided_view(%src: memref<2x4x12x12xf32>, %dst: memref<2x4x4x4xf32>) {
  %view = memref.subview %src[0, 0, 2, 2] [2, 4, 4, 4] [1, 1, 2, 2] : memref<2x4x12x12xf32> to memref<2x4x4x4xf32, strided<[576, 144, 24, 2], offset: 26>>
  memref.copy %view, %dst : memref<2x4x4x4xf32, strided<[576, 144, 24, 2], offset: 26>> to memref<2x4x4x4xf32>
  return
}

// Identity layouts on both sides: the copy stays.
// CHECK-LABEL: func.func @contiguous
// CHECK-SAME:    (%[[SRC:.*]]: memref<4x8xf32>, %[[DST:.*]]: memref<4x8xf32>)
// CHECK-NEXT:    memref.copy %[[SRC]], %[[DST]] : memref<4x8xf32> to memref<4x8xf32>
// CHECK-NOT:     linalg.copy
// CHECK:         return
func.func @contiguous(%src: memref<4x8xf32>, %dst: memref<4x8xf32>) {
  memref.copy %src, %dst : memref<4x8xf32> to memref<4x8xf32>
  return
}

// Unranked copies cannot be a linalg.copy and stay as they are.
// CHECK-LABEL: func.func @unranked
// CHECK-NEXT:    memref.copy %{{.*}}, %{{.*}} : memref<*xf32> to memref<*xf32>
// CHECK-NOT:     linalg.copy
func.func @unranked(%src: memref<*xf32>, %dst: memref<*xf32>) {
  memref.copy %src, %dst : memref<*xf32> to memref<*xf32>
  return
}
