// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// The softmax family lowers to a stable max / sum-of-exp pair of reductions
// and one elementwise map; cross-entropy picks the label's log-probability
// with a masked reduction; argmax carries a (max, index) pair.

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROWS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$NONE:.*]] = affine_map<(d0, d1) -> ()>

// CHECK-LABEL: func.func @log_softmax
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.maximumf
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWS]], #[[$ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.subf
// CHECK-NEXT:      math.exp
// CHECK-NEXT:      arith.addf
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWS]], #[[$ROWS]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}}, %[[MAX]], %[[SUM]] :
// CHECK:           %[[SHIFT:.*]] = arith.subf
// CHECK-NEXT:      %[[LOG:.*]] = math.log
// CHECK-NEXT:      arith.subf %[[SHIFT]], %[[LOG]]
func.func @log_softmax(%z: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %r = mdl.log_softmax %z axis = 1 : tensor<4x10xf32>
  return %r : tensor<4x10xf32>
}

// CHECK-LABEL: func.func @softmax
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWS]], #[[$ROWS]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK:           math.exp
// CHECK-NEXT:      arith.divf
func.func @softmax(%z: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %r = mdl.softmax %z axis = 1 : tensor<4x10xf32>
  return %r : tensor<4x10xf32>
}

// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME:    (%{{.*}}: tensor<4x10xf32>, %[[Y:.*]]: tensor<4xi32>)
// CHECK:         %[[PICKED:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWS]], #[[$NONE]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:      ins(%{{.*}}, %[[Y]] : tensor<4x10xf32>, tensor<4xi32>)
// CHECK:           %[[C:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[CI:.*]] = arith.index_cast %[[C]] : index to i32
// CHECK-NEXT:      %[[HIT:.*]] = arith.cmpi eq, %[[CI]], %{{.*}} : i32
// CHECK-NEXT:      arith.select %[[HIT]]
// The mean of the negated log-probabilities: scale by -1/N.
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[PICKED]] : tensor<f32>)
// CHECK:           arith.constant -2.500000e-01 : f32
func.func @cross_entropy(%z: tensor<4x10xf32>, %y: tensor<4xi32>) -> tensor<f32> {
  %l = mdl.cross_entropy %z, %y : (tensor<4x10xf32>, tensor<4xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @one_hot
// CHECK:         linalg.generic {indexing_maps = [#[[$ROWS]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK:           linalg.index 1
// CHECK:           arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
func.func @one_hot(%y: tensor<4xi32>) -> tensor<4x10xf32> {
  %r = mdl.one_hot %y : tensor<4xi32> -> tensor<4x10xf32>
  return %r : tensor<4x10xf32>
}

// CHECK-LABEL: func.func @argmax
// CHECK:         %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROWS]], #[[$ROWS]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<4xf32>, tensor<4xi32>)
// CHECK:           %[[GT:.*]] = arith.cmpf ogt
// CHECK:           arith.select %[[GT]]
// CHECK:           arith.select %[[GT]]
// CHECK:         return %[[R]]#1
func.func @argmax(%z: tensor<4x10xf32>) -> tensor<4xi32> {
  %r = mdl.argmax %z axis = 1 : tensor<4x10xf32> -> tensor<4xi32>
  return %r : tensor<4xi32>
}
