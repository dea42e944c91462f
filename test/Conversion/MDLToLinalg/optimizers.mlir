// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Optimizer updates write into their state in destination-passing style, so
// bufferization updates parameters and moments in place.

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @adam
// CHECK-SAME:    (%[[P:.*]]: tensor<10xf32>, %[[G:.*]]: tensor<10xf32>, %[[M:.*]]: tensor<10xf32>, %[[V:.*]]: tensor<10xf32>, %[[T:.*]]: f32, %[[LR:.*]]: f32)
// Bias corrections 1 - beta^t, once per step, outside the map.
// CHECK-DAG:     %[[B1:.*]] = arith.constant 0.899999976 : f32
// CHECK-DAG:     %[[POW1:.*]] = math.powf %[[B1]], %[[T]] : f32
// CHECK-DAG:     %[[C1:.*]] = arith.subf %{{.*}}, %[[POW1]] : f32
// CHECK-DAG:     %[[POW2:.*]] = math.powf %{{.*}}, %[[T]] : f32
// CHECK-DAG:     %[[C2:.*]] = arith.subf %{{.*}}, %[[POW2]] : f32
// CHECK:         %[[R:.*]]:3 = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[G]] : tensor<10xf32>) outs(%[[P]], %[[M]], %[[V]] : tensor<10xf32>, tensor<10xf32>, tensor<10xf32>)
// CHECK:         ^bb0(%[[g:.*]]: f32, %[[p:.*]]: f32, %[[m:.*]]: f32, %[[v:.*]]: f32):
// m' = b1 m + (1 - b1) g
// CHECK-DAG:       %[[BM:.*]] = arith.mulf %{{.*}}, %[[m]] : f32
// CHECK-DAG:       %[[BG:.*]] = arith.mulf %{{.*}}, %[[g]] : f32
// CHECK:           %[[M2:.*]] = arith.addf %[[BM]], %[[BG]] : f32
// v' = b2 v + (1 - b2) g^2
// CHECK:           %[[GG:.*]] = arith.mulf %[[g]], %[[g]] : f32
// CHECK:           %[[V2:.*]] = arith.addf
// p' = p - lr (m'/c1) / (sqrt(v'/c2) + eps)
// CHECK:           %[[MH:.*]] = arith.divf %[[M2]], %[[C1]] : f32
// CHECK:           %[[VH:.*]] = arith.divf %[[V2]], %[[C2]] : f32
// CHECK:           %[[S:.*]] = math.sqrt %[[VH]] : f32
// CHECK:           %[[DEN:.*]] = arith.addf %[[S]], %{{.*}} : f32
// CHECK:           %[[Q:.*]] = arith.divf %[[MH]], %[[DEN]] : f32
// CHECK:           %[[U:.*]] = arith.mulf %[[LR]], %[[Q]] : f32
// CHECK:           %[[P2:.*]] = arith.subf %[[p]], %[[U]] : f32
// CHECK:           linalg.yield %[[P2]], %[[M2]], %[[V2]] : f32, f32, f32
// CHECK:         return %[[R]]#0, %[[R]]#1, %[[R]]#2
func.func @adam(%p: tensor<10xf32>, %g: tensor<10xf32>, %m: tensor<10xf32>, %v: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) {
  %p2, %m2, %v2 = mdl.adam %p, %g, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<10xf32>, f32
  return %p2, %m2, %v2 : tensor<10xf32>, tensor<10xf32>, tensor<10xf32>
}
