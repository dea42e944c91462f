// RUN: mdlc-opt %s --convert-mdlrt-to-func --verify-diagnostics
// An info_step_cost that mdl-step-cost has not measured cannot be lowered.

func.func @info() {
  // expected-error @below {{failed to legalize operation 'mdlrt.info_step_cost'}}
  // expected-error @below {{'mdlrt.info_step_cost' op has no flops and peak_bytes yet; run mdl-step-cost before lowering it}}
  mdlrt.info_step_cost {batch = 8 : i64, step = @step}
  mdlrt.info_end
  return
}
