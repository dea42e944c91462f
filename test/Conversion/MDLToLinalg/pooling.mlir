// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Pooling and its adjoints become linalg.generics over (n, c, y, x | i, j):
// four parallel loops then the two window taps as reductions, whose bounds
// come from an unused [KH, KW] `window` operand. max_pool2d pads with -inf,
// avg_pool2d with zeros (counted in the mean). The adjoints read the output
// gradient spread `stride` apart (strided tensor.insert_slice) at the
// flipped tap h + (K-1) - i and crop the padding away; max_pool2d_grad first
// finds the tap i·KW + j of each window's first maximum and routes each
// gradient element to that tap only.

// CHECK-DAG: #[[$READ:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[$TAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$SPREAD:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 - d4 + 2, d3 - d5 + 2)>

// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>)
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         } : tensor<2x3x8x8xf32> to tensor<2x3x10x10xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$READ]], #[[$TAP]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[PADDED]], %[[WINDOW]] : tensor<2x3x10x10xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<2x3x4x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[MAX:.*]] = arith.maximumf %[[IN]], %[[ACC]] : f32
// CHECK-NEXT:      linalg.yield %[[MAX]] : f32
// CHECK:         return %[[Y]] : tensor<2x3x4x4xf32>
func.func @max_pool2d(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %y = mdl.max_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// The max accumulator starts at -inf.
// CHECK-LABEL: func.func @max_pool2d_init
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<2x3x8x8xf32>, tensor<2x2xf32>)
// CHECK:           arith.maximumf
func.func @max_pool2d_init(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %y = mdl.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// Without padding the input is read directly; each tap adds x / (KH·KW).
// CHECK-LABEL: func.func @avg_pool2d
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$READ]], #[[$TAP]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[X]], %[[WINDOW]] : tensor<2x3x8x8xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<2x3x4x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[QUARTER:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[IN]], %[[QUARTER]] : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[SCALED]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         return %[[Y]] : tensor<2x3x4x4xf32>
func.func @avg_pool2d(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %y = mdl.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// Zero padding, counted in the mean (count_include_pad).
// CHECK-LABEL: func.func @avg_pool2d_padded
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         linalg.generic {indexing_maps = [#[[$READ]], #[[$TAP]], #[[$OUT]]]
// CHECK-SAME:      ins(%[[PADDED]], %{{.*}} : tensor<2x3x10x10xf32>, tensor<3x3xf32>)
// CHECK:           arith.constant 0.111111112 : f32
func.func @avg_pool2d_padded(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %y = mdl.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x3x8x8xf32> -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// dy [2,3,4,4] spread from K-1 = 2, two apart, into zeros [2,3,12,12]; each
// padded position sums dy / 9 over the windows covering it; crop to 8x8.
// CHECK-LABEL: func.func @avg_pool2d_grad
// CHECK-SAME:    (%[[DY:.*]]: tensor<2x3x4x4xf32>)
// CHECK:         %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x12x12xf32>)
// CHECK:         %[[SPREAD:.*]] = tensor.insert_slice %[[DY]] into %[[ZEROS]][0, 0, 2, 2] [2, 3, 4, 4] [1, 1, 2, 2] : tensor<2x3x4x4xf32> into tensor<2x3x12x12xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x10x10xf32>)
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[DXPAD:.*]] = linalg.generic {indexing_maps = [#[[$SPREAD]], #[[$TAP]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[SPREAD]], %[[WINDOW]] : tensor<2x3x12x12xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<2x3x10x10xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[NINTH:.*]] = arith.constant 0.111111112 : f32
// CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[IN]], %[[NINTH]] : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[SCALED]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         %[[DX:.*]] = tensor.extract_slice %[[DXPAD]][0, 0, 1, 1] [2, 3, 8, 8] [1, 1, 1, 1] : tensor<2x3x10x10xf32> to tensor<2x3x8x8xf32>
// CHECK:         return %[[DX]] : tensor<2x3x8x8xf32>
func.func @avg_pool2d_grad(%dy: tensor<2x3x4x4xf32>) -> tensor<2x3x8x8xf32> {
  %dx = mdl.avg_pool2d_grad %dy {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<2x3x4x4xf32> -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// 1. The argmax generic yields each window's maximum and the tap i·3 + j of
//    its first maximum (a strictly larger value moves the tap).
// 2. dy and the taps are spread alike (taps with -1 where no window starts);
//    position h sums dy of the windows whose stored tap is the current tap.
// CHECK-LABEL: func.func @max_pool2d_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[DY:.*]]: tensor<2x3x4x4xf32>)
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         %[[MAXINIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK:         %[[TAPINIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK:         %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[ARGMAX:.*]]:2 = linalg.generic {indexing_maps = [#[[$READ]], #[[$TAP]], #[[$OUT]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[PADDED]], %[[WINDOW]] : tensor<2x3x10x10xf32>, tensor<3x3xf32>) outs(%[[MAXINIT]], %[[TAPINIT]] : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[MAX:.*]]: f32, %[[BEST:.*]]: f32):
// CHECK-NEXT:      %[[I:.*]] = linalg.index 4 : index
// CHECK-NEXT:      %[[J:.*]] = linalg.index 5 : index
// CHECK-NEXT:      %[[KW:.*]] = arith.constant 3 : index
// CHECK-NEXT:      %[[IKW:.*]] = arith.muli %[[I]], %[[KW]] : index
// CHECK-NEXT:      %[[T:.*]] = arith.addi %[[IKW]], %[[J]] : index
// CHECK-NEXT:      %[[TI:.*]] = arith.index_cast %[[T]] : index to i64
// CHECK-NEXT:      %[[TF:.*]] = arith.sitofp %[[TI]] : i64 to f32
// CHECK-NEXT:      %[[LARGER:.*]] = arith.cmpf ogt, %[[IN]], %[[MAX]] : f32
// CHECK-NEXT:      %[[EQUAL:.*]] = arith.cmpf oeq, %[[IN]], %[[MAX]] : f32
// CHECK-NEXT:      %[[EARLIER:.*]] = arith.cmpf olt, %[[TF]], %[[BEST]] : f32
// CHECK-NEXT:      %[[TIE:.*]] = arith.andi %[[EQUAL]], %[[EARLIER]] : i1
// CHECK-NEXT:      %[[TAKE:.*]] = arith.ori %[[LARGER]], %[[TIE]] : i1
// CHECK-NEXT:      %[[NEWMAX:.*]] = arith.select %[[TAKE]], %[[IN]], %[[MAX]] : f32
// CHECK-NEXT:      %[[NEWBEST:.*]] = arith.select %[[TAKE]], %[[TF]], %[[BEST]] : f32
// CHECK-NEXT:      linalg.yield %[[NEWMAX]], %[[NEWBEST]] : f32, f32
// CHECK:         %[[SPREADDY:.*]] = tensor.insert_slice %[[DY]] into %{{.*}}[0, 0, 2, 2] [2, 3, 4, 4] [1, 1, 2, 2] : tensor<2x3x4x4xf32> into tensor<2x3x12x12xf32>
// CHECK:         %[[NONE:.*]] = arith.constant -1.000000e+00 : f32
// CHECK:         %[[NOTAPS:.*]] = linalg.fill ins(%[[NONE]] : f32) outs(%{{.*}} : tensor<2x3x12x12xf32>)
// CHECK:         %[[SPREADTAPS:.*]] = tensor.insert_slice %[[ARGMAX]]#1 into %[[NOTAPS]][0, 0, 2, 2] [2, 3, 4, 4] [1, 1, 2, 2] : tensor<2x3x4x4xf32> into tensor<2x3x12x12xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x10x10xf32>)
// CHECK:         %[[DXPAD:.*]] = linalg.generic {indexing_maps = [#[[$SPREAD]], #[[$SPREAD]], #[[$TAP]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[SPREADDY]], %[[SPREADTAPS]], %{{.*}} : tensor<2x3x12x12xf32>, tensor<2x3x12x12xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<2x3x10x10xf32>)
// CHECK:         ^bb0(%[[G:.*]]: f32, %[[GT:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK:           %[[CUR:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK-NEXT:      %[[HIT:.*]] = arith.cmpf oeq, %[[GT]], %[[CUR]] : f32
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[ROUTED:.*]] = arith.select %[[HIT]], %[[G]], %[[ZERO]] : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[ROUTED]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         %[[DX:.*]] = tensor.extract_slice %[[DXPAD]][0, 0, 1, 1] [2, 3, 8, 8] [1, 1, 1, 1] : tensor<2x3x10x10xf32> to tensor<2x3x8x8xf32>
// CHECK:         return %[[DX]] : tensor<2x3x8x8xf32>
func.func @max_pool2d_grad(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x3x4x4xf32>) -> tensor<2x3x8x8xf32> {
  %dx = mdl.max_pool2d_grad %x, %dy {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x3x4x4xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}
