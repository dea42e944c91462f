// RUN: mdlc-opt %s --split-input-file --verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @sets
func.func @sets() {
  // CHECK: mdlrt.dataset_csv "t.csv" {class_labels = true, eval = false, features = "a, b", label = "y", shuffle = true}
  mdlrt.dataset_csv "t.csv" {class_labels = true, eval = false, features = "a, b", label = "y", shuffle = true}
  // CHECK: mdlrt.dataset_npy "x.npy", "y.npy" {class_labels = false, eval = true, sample_shape = array<i64: 1, 2, 2>, shuffle = false, target_shape = array<i64: 1>}
  mdlrt.dataset_npy "x.npy", "y.npy" {class_labels = false, eval = true, sample_shape = array<i64: 1, 2, 2>, shuffle = false, target_shape = array<i64: 1>}
  return
}

// -----

func.func @csv_without_label() {
  // expected-error @+1 {{'mdlrt.dataset_csv' op expects feature columns and a label column}}
  mdlrt.dataset_csv "t.csv" {class_labels = true, eval = false, features = "a", label = "", shuffle = false}
  return
}

// -----

func.func @shuffled_eval_set() {
  // expected-error @+1 {{'mdlrt.dataset_csv' op expects an evaluation set not to be shuffled}}
  mdlrt.dataset_csv "t.csv" {class_labels = true, eval = true, features = "a", label = "y", shuffle = true}
  return
}

// -----

func.func @empty_sample() {
  // expected-error @+1 {{'mdlrt.dataset_npy' op expects a sample shape of positive sizes}}
  mdlrt.dataset_npy "x.npy", "y.npy" {class_labels = true, eval = false, sample_shape = array<i64: 0>, shuffle = false, target_shape = array<i64>}
  return
}

// -----

func.func @labels_with_shape() {
  // expected-error @+1 {{'mdlrt.dataset_npy' op expects class labels to be scalars}}
  mdlrt.dataset_npy "x.npy", "y.npy" {class_labels = true, eval = false, sample_shape = array<i64: 4>, shuffle = false, target_shape = array<i64: 1>}
  return
}
