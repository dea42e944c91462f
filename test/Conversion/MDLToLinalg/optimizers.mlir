// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Optimizer updates write into their state in destination-passing style, so
// bufferization updates parameters and moments in place.

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ALL2:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$ALL1:.*]] = affine_map<(d0) -> ()>

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

// L2 weight decay adds wd * p to the gradient inside the map.
// CHECK-LABEL: func.func @sgd_weight_decay
// CHECK-SAME:    (%[[P:.*]]: tensor<10xf32>, %[[G:.*]]: tensor<10xf32>, %[[LR:.*]]: f32)
// CHECK:         linalg.generic {{.*}} ins(%[[G]] : tensor<10xf32>) outs(%[[P]] : tensor<10xf32>)
// CHECK:         ^bb0(%[[g:.*]]: f32, %[[p:.*]]: f32):
// CHECK:           %[[WD:.*]] = arith.constant 0.00999999977 : f32
// CHECK:           %[[D:.*]] = arith.mulf %[[WD]], %[[p]] : f32
// CHECK:           %[[G2:.*]] = arith.addf %[[g]], %[[D]] : f32
// CHECK:           %[[U:.*]] = arith.mulf %[[LR]], %[[G2]] : f32
// CHECK:           %[[P2:.*]] = arith.subf %[[p]], %[[U]] : f32
// CHECK:           linalg.yield %[[P2]] : f32
func.func @sgd_weight_decay(%p: tensor<10xf32>, %g: tensor<10xf32>, %lr: f32) -> tensor<10xf32> {
  %r = mdl.sgd %p, %g, %lr {weight_decay = 0.01 : f64} : tensor<10xf32>, f32
  return %r : tensor<10xf32>
}

// Momentum: buf' = a buf + c g with (a, c) = (0, 1) on step 1, else
// (momentum, 1 - dampening), chosen once outside the map; Nesterov steps
// along g + momentum buf'.
// CHECK-LABEL: func.func @sgd_nesterov
// CHECK-SAME:    (%[[P:.*]]: tensor<10xf32>, %[[G:.*]]: tensor<10xf32>, %[[B:.*]]: tensor<10xf32>, %[[T:.*]]: f32, %[[LR:.*]]: f32)
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[FIRST:.*]] = arith.cmpf oeq, %[[T]], %[[ONE]] : f32
// CHECK:         %[[MU:.*]] = arith.constant 0.899999976 : f32
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[KEEP:.*]] = arith.select %[[FIRST]], %[[ZERO]], %[[MU]] : f32
// CHECK:         %[[TAKE:.*]] = arith.select %[[FIRST]], %{{.*}}, %{{.*}} : f32
// CHECK:         %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[G]] : tensor<10xf32>) outs(%[[P]], %[[B]] : tensor<10xf32>, tensor<10xf32>)
// CHECK:         ^bb0(%[[g:.*]]: f32, %[[p:.*]]: f32, %[[b:.*]]: f32):
// CHECK:           %[[KB:.*]] = arith.mulf %[[KEEP]], %[[b]] : f32
// CHECK:           %[[TG:.*]] = arith.mulf %[[TAKE]], %[[g]] : f32
// CHECK:           %[[B2:.*]] = arith.addf %[[KB]], %[[TG]] : f32
// CHECK:           %[[MB:.*]] = arith.mulf %{{.*}}, %[[B2]] : f32
// CHECK:           %[[DIR:.*]] = arith.addf %[[g]], %[[MB]] : f32
// CHECK:           %[[U:.*]] = arith.mulf %[[LR]], %[[DIR]] : f32
// CHECK:           %[[P2:.*]] = arith.subf %[[p]], %[[U]] : f32
// CHECK:           linalg.yield %[[P2]], %[[B2]] : f32, f32
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @sgd_nesterov(%p: tensor<10xf32>, %g: tensor<10xf32>, %b: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>) {
  %p2, %b2 = mdl.sgd_momentum %p, %g, %b, %t, %lr {momentum = 0.9 : f64, nesterov} : tensor<10xf32>, f32
  return %p2, %b2 : tensor<10xf32>, tensor<10xf32>
}

// Heavy ball: the buffer is the direction.
// CHECK-LABEL: func.func @sgd_momentum
// CHECK:         ^bb0(%[[g:.*]]: f32, %[[p:.*]]: f32, %[[b:.*]]: f32):
// CHECK:           %[[B2:.*]] = arith.addf
// CHECK-NEXT:      %[[U:.*]] = arith.mulf %{{.*}}, %[[B2]] : f32
// CHECK-NEXT:      %[[P2:.*]] = arith.subf %[[p]], %[[U]] : f32
// CHECK-NEXT:      linalg.yield %[[P2]], %[[B2]] : f32, f32
func.func @sgd_momentum(%p: tensor<10xf32>, %g: tensor<10xf32>, %b: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>) {
  %p2, %b2 = mdl.sgd_momentum %p, %g, %b, %t, %lr {momentum = 0.9 : f64, dampening = 0.1 : f64} : tensor<10xf32>, f32
  return %p2, %b2 : tensor<10xf32>, tensor<10xf32>
}

// AdamW decays the parameter by 1 - lr wd (once per step) before the
// update and leaves the gradient alone.
// CHECK-LABEL: func.func @adamw
// CHECK-SAME:    %[[LR:[^ ]*]]: f32)
// CHECK:         %[[WD:.*]] = arith.constant 0.00999999977 : f32
// CHECK:         %[[LRWD:.*]] = arith.mulf %[[LR]], %[[WD]] : f32
// CHECK:         %[[DECAY:.*]] = arith.subf %{{.*}}, %[[LRWD]] : f32
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[g:.*]]: f32, %[[p:.*]]: f32, %[[m:.*]]: f32, %[[v:.*]]: f32):
// CHECK:           %[[PD:.*]] = arith.mulf %[[p]], %[[DECAY]] : f32
// CHECK:           %[[GG:.*]] = arith.mulf %[[g]], %[[g]] : f32
// CHECK:           %[[P2:.*]] = arith.subf %[[PD]], %{{.*}} : f32
func.func @adamw(%p: tensor<10xf32>, %g: tensor<10xf32>, %m: tensor<10xf32>, %v: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) {
  %p2, %m2, %v2 = mdl.adam %p, %g, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 0.01 : f64, decoupled_weight_decay} : tensor<10xf32>, f32
  return %p2, %m2, %v2 : tensor<10xf32>, tensor<10xf32>, tensor<10xf32>
}

// Adam's weight decay is L2: the moments see g + wd p.
// CHECK-LABEL: func.func @adam_l2
// CHECK:         ^bb0(%[[g:.*]]: f32, %[[p:.*]]: f32, %[[m:.*]]: f32, %[[v:.*]]: f32):
// CHECK:           %[[D:.*]] = arith.mulf %{{.*}}, %[[p]] : f32
// CHECK:           %[[G2:.*]] = arith.addf %[[g]], %[[D]] : f32
// CHECK:           %[[GG:.*]] = arith.mulf %[[G2]], %[[G2]] : f32
// CHECK:           %[[P2:.*]] = arith.subf %[[p]], %{{.*}} : f32
func.func @adam_l2(%p: tensor<10xf32>, %g: tensor<10xf32>, %m: tensor<10xf32>, %v: tensor<10xf32>, %t: f32, %lr: f32) -> (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) {
  %p2, %m2, %v2 = mdl.adam %p, %g, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64, weight_decay = 0.1 : f64} : tensor<10xf32>, f32
  return %p2, %m2, %v2 : tensor<10xf32>, tensor<10xf32>, tensor<10xf32>
}

// Clipping: a sum of squares per gradient into a rank-0 tensor, the scale
// min(max_norm / (sqrt(total) + 1e-6), 1), then one scaling map per
// gradient, in place.
// CHECK-LABEL: func.func @clip
// CHECK-SAME:    (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK:         %[[SA:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ALL2]]], iterator_types = ["reduction", "reduction"]} ins(%[[A]] : tensor<4x3xf32>)
// CHECK:           %[[SQ:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK:           arith.addf %{{.*}}, %[[SQ]] : f32
// CHECK:         %[[XA:.*]] = tensor.extract %[[SA]][] : tensor<f32>
// CHECK:         %[[SB:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ALL1]]], iterator_types = ["reduction"]} ins(%[[B]] : tensor<3xf32>)
// CHECK:         %[[XB:.*]] = tensor.extract %[[SB]][] : tensor<f32>
// CHECK:         %[[TOTAL:.*]] = arith.addf %[[XA]], %[[XB]] : f32
// CHECK:         %[[MAX:.*]] = arith.constant 2.000000e+00 : f32
// CHECK:         %[[EPS:.*]] = arith.constant 9.99999997E-7 : f32
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[NORM:.*]] = math.sqrt %[[TOTAL]] : f32
// CHECK:         %[[DEN:.*]] = arith.addf %[[NORM]], %[[EPS]] : f32
// CHECK:         %[[COEF:.*]] = arith.divf %[[MAX]], %[[DEN]] : f32
// CHECK:         %[[SCALE:.*]] = arith.minimumf %[[COEF]], %[[ONE]] : f32
// CHECK:         %[[RA:.*]] = linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[A]] : tensor<4x3xf32>)
// CHECK:           arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:         %[[RB:.*]] = linalg.generic {indexing_maps = [#[[$ID]]], iterator_types = ["parallel"]} outs(%[[B]] : tensor<3xf32>)
// CHECK:           arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:         return %[[RA]], %[[RB]]
func.func @clip(%a: tensor<4x3xf32>, %b: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  %r:2 = mdl.clip_grad_norm %a, %b {max_norm = 2.0 : f64} : tensor<4x3xf32>, tensor<3xf32>
  return %r#0, %r#1 : tensor<4x3xf32>, tensor<3xf32>
}
