//===- MDLRTOps.td - mdlrt dialect: calls into the runtime -*- tablegen -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The `mdlrt` dialect: one op per runtime service the compiled training loop
// uses (data, environments, parameters, logging, run control). Each lowers
// to a func.call of the matching `mdlrt_*` C function of
// runtime/include/mdlrt/mdlrt.h, so runtime concerns stay out of the `mdl`
// dialect.
//
//===----------------------------------------------------------------------===//

#ifndef DIALECTS_MDLRT_IR_MDLRTOPS_TD
#define DIALECTS_MDLRT_IR_MDLRTOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def MDLRT_Dialect : Dialect {
  let name = "mdlrt";
  let cppNamespace = "::mlir::mdlrt";
  let summary = "calls from compiled programs into libmdlrt";
  let description = [{
    Ops that stand for calls into the mdlc runtime. They carry tensors and
    attributes; `convert-mdlrt-to-func` lowers them to `func.call`s of the C
    ABI in `runtime/include/mdlrt/mdlrt.h`, passing buffers as memrefs.
    Every op reads or writes runtime state, so none is pure.
  }];
}

class MDLRT_Op<string mnemonic, list<Trait> traits = []>
    : Op<MDLRT_Dialect, mnemonic,
         !listconcat(traits, [MemoryEffects<[MemRead, MemWrite]>])>;

def MDLRT_F32Tensor : RankedTensorOf<[F32]>;
// Batch targets: f32 values or i32 class labels.
def MDLRT_TargetTensor : RankedTensorOf<[F32, I32]>;

//===----------------------------------------------------------------------===//
// Run control
//===----------------------------------------------------------------------===//

def MDLRT_TrainBeginOp : MDLRT_Op<"train_begin"> {
  let summary = "declare the training run and its defaults";
  let description = [{
    Calls `mdlrt_train_begin`: the batch size and the program's defaults for
    epochs, learning rate and seed, which command-line flags override. With
    `dynamic_batch` (a program compiled with a run-time batch dimension) it
    calls `mdlrt_train_begin_dynamic` instead, and `--batch` may replace
    `batch`; `mdlrt.train_batch` then says which batch the run uses.

    ```mlir
    mdlrt.train_begin {batch = 256 : i64, epochs = 10 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
    mdlrt.train_begin {batch = 64 : i64, dynamic_batch, epochs = 10 : i64, lr = 1.000000e-02 : f64, seed = 0 : i64}
    ```
  }];
  let arguments = (ins I64Attr:$batch, I64Attr:$epochs, F64Attr:$lr,
                       I64Attr:$seed, UnitAttr:$dynamic_batch);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def MDLRT_TrainBatchOp : MDLRT_Op<"train_batch"> {
  let summary = "the batch size of the run";
  let description = [{
    The batch the run uses: `--batch`, or the `batch` of
    `mdlrt.train_begin` or `mdlrt.rl_begin` (a program compiled with
    `dynamic_batch`). Sizes the dynamic leading dimension of the batches it
    fetches (`mdlrt.next_batch`, `mdlrt.rl_sample`).

    ```mlir
    %b = mdlrt.train_batch : index
    ```
  }];
  let results = (outs Index:$batch);
  let assemblyFormat = "attr-dict `:` type($batch)";
}

def MDLRT_TrainEpochsOp : MDLRT_Op<"train_epochs"> {
  let summary = "number of epochs to run";
  let description = [{
    ```mlir
    %n = mdlrt.train_epochs : index
    ```
  }];
  let results = (outs Index:$epochs);
  let assemblyFormat = "attr-dict `:` type($epochs)";
}

def MDLRT_TrainEpochStepsOp : MDLRT_Op<"train_epoch_steps"> {
  let summary = "number of steps in one epoch";
  let description = [{
    Full batches of the epoch, clipped by the `--steps` budget.

    ```mlir
    %s = mdlrt.train_epoch_steps %epoch : index
    ```
  }];
  let arguments = (ins Index:$epoch);
  let results = (outs Index:$steps);
  let assemblyFormat = "$epoch attr-dict `:` type($steps)";
}

def MDLRT_TrainLROp : MDLRT_Op<"train_lr"> {
  let summary = "learning rate in force";
  let description = [{
    ```mlir
    %lr = mdlrt.train_lr : f32
    ```
  }];
  let results = (outs AnyTypeOf<[F16, BF16, F32, F64]>:$lr);
  let assemblyFormat = "attr-dict `:` type($lr)";
}

def MDLRT_StepSeedOp : MDLRT_Op<"step_seed"> {
  let summary = "the dropout seed of one train step";
  let description = [{
    A pure function of the run seed and `step` (counted from 1), so a
    resumed run draws the masks an uninterrupted one would.

    ```mlir
    %seed = mdlrt.step_seed %step : i64
    ```
  }];
  let arguments = (ins Index:$step);
  let results = (outs I64:$seed);
  let assemblyFormat = "$step attr-dict `:` type($seed)";
}

def MDLRT_TrainFirstEpochOp : MDLRT_Op<"train_first_epoch"> {
  let summary = "the epoch the run starts at (> 0 when resumed)";
  let description = [{
    ```mlir
    %e = mdlrt.train_first_epoch : index
    ```
  }];
  let results = (outs Index:$epoch);
  let assemblyFormat = "attr-dict `:` type($epoch)";
}

def MDLRT_TrainFirstStepOp : MDLRT_Op<"train_first_step"> {
  let summary = "steps already taken (> 0 when resumed)";
  let description = [{
    ```mlir
    %s = mdlrt.train_first_step : index
    ```
  }];
  let results = (outs Index:$step);
  let assemblyFormat = "attr-dict `:` type($step)";
}

def MDLRT_ShouldStopOp : MDLRT_Op<"should_stop"> {
  let summary = "whether a stop signal arrived";
  let description = [{
    True once SIGINT or SIGTERM arrived; the training loop asks before each
    step and then skips the rest of the run.

    ```mlir
    %stop = mdlrt.should_stop
    ```
  }];
  let results = (outs I1:$stop);
  let assemblyFormat = "attr-dict";
}

def MDLRT_EpochEndOp : MDLRT_Op<"epoch_end"> {
  let summary = "mark the end of an epoch";
  let description = [{
    ```mlir
    mdlrt.epoch_end %epoch
    ```
  }];
  let arguments = (ins Index:$epoch);
  let assemblyFormat = "$epoch attr-dict";
}

def MDLRT_TrainEndOp : MDLRT_Op<"train_end"> {
  let summary = "finish the run: summary, checkpoint, log";
  let description = [{
    ```mlir
    mdlrt.train_end
    ```
  }];
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

def MDLRT_DatasetSyntheticLinearOp : MDLRT_Op<"dataset_synthetic_linear"> {
  let summary = "declare the synthetic_linear training set";
  let description = [{
    x ~ N(0, 1) of shape [samples, features], y = x·w + 0.5 + noise·N(0, 1)
    with w ~ N(0, 1), all drawn from `seed`.

    ```mlir
    mdlrt.dataset_synthetic_linear {features = 64 : i64, noise = 1.000000e-02 : f64, samples = 65536 : i64, seed = 7 : i64}
    ```
  }];
  let arguments = (ins I64Attr:$samples, I64Attr:$features, F64Attr:$noise,
                       I64Attr:$seed);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def MDLRT_NextBatchOp : MDLRT_Op<"next_batch"> {
  let summary = "the next training batch";
  let description = [{
    Returns the inputs and targets of the next batch; the leading dimension
    of both is the batch size. When it is dynamic (`?`), the `size` operand
    gives it (the run's batch, `mdlrt.train_batch`); only then.

    ```mlir
    %x, %y = mdlrt.next_batch : tensor<256x64xf32>, tensor<256x1xf32>
    %x, %y = mdlrt.next_batch(%b) : tensor<?x64xf32>, tensor<?x1xf32>
    ```
  }];
  let arguments = (ins Optional<Index>:$size);
  let results = (outs MDLRT_F32Tensor:$inputs, MDLRT_TargetTensor:$targets);
  let assemblyFormat = [{
    (`(` $size^ `)`)? attr-dict `:` type($inputs) `,` type($targets)
  }];
  let hasVerifier = 1;
}

def MDLRT_DatasetIdxOp : MDLRT_Op<"dataset_idx"> {
  let summary = "declare an IDX image/label pair as the training set";
  let description = [{
    Images become f32 `[N, 1, rows, cols]` scaled by `scale`, labels i32
    `[N]`; relative paths resolve against `--data-dir`, `MDL_DATA_DIR`,
    then `/usr/share/datasets/fashion-mnist`. With `shuffle`, every epoch
    visits the samples in an order drawn from the run seed.

    ```mlir
    mdlrt.dataset_idx "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" {scale = 3.9215686274509803E-3 : f64, shuffle = true}
    ```
  }];
  let arguments = (ins StrAttr:$images, StrAttr:$labels, F64Attr:$scale,
                       BoolAttr:$shuffle);
  let assemblyFormat = "$images `,` $labels attr-dict";
}

def MDLRT_DatasetCsvOp : MDLRT_Op<"dataset_csv"> {
  let summary = "declare a CSV table as the training or evaluation set";
  let description = [{
    The comma-separated `features` columns, in that order, make a sample's
    f32 `[F]` input; `label` names the label column: i32 class indices with
    `class_labels`, else an f32 `[1]` target. With `eval` it is the
    evaluation set (never shuffled), else the training set. Paths resolve
    as `mdlrt.dataset_idx`'s.

    ```mlir
    mdlrt.dataset_csv "iris.csv" {class_labels = true, eval = false, features = "a, b, c, d", label = "species", shuffle = true}
    ```
  }];
  let arguments = (ins StrAttr:$path, StrAttr:$features, StrAttr:$label,
                       BoolAttr:$class_labels, BoolAttr:$shuffle,
                       BoolAttr:$eval);
  let assemblyFormat = "$path attr-dict";
  let hasVerifier = 1;
}

def MDLRT_DatasetNpyOp : MDLRT_Op<"dataset_npy"> {
  let summary = "declare a pair of .npy arrays as the training or evaluation set";
  let description = [{
    `inputs` holds `[N, ...]` numbers read as f32 samples of `sample_shape`
    (the trailing dimensions must hold as many elements); `targets` holds
    N i32 class labels with `class_labels`, else N f32 targets of
    `target_shape`. `shuffle` and `eval` as `mdlrt.dataset_csv`.

    ```mlir
    mdlrt.dataset_npy "x.npy", "y.npy" {class_labels = true, eval = false, sample_shape = array<i64: 784>, shuffle = false, target_shape = array<i64>}
    ```
  }];
  let arguments = (ins StrAttr:$inputs, StrAttr:$targets,
                       DenseI64ArrayAttr:$sample_shape,
                       DenseI64ArrayAttr:$target_shape, BoolAttr:$class_labels,
                       BoolAttr:$shuffle, BoolAttr:$eval);
  let assemblyFormat = "$inputs `,` $targets attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

def MDLRT_EvalDatasetIdxOp : MDLRT_Op<"eval_dataset_idx"> {
  let summary = "declare an IDX image/label pair as the evaluation set";
  let description = [{
    Like `mdlrt.dataset_idx`, never shuffled.

    ```mlir
    mdlrt.eval_dataset_idx "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" {scale = 1.0 : f64}
    ```
  }];
  let arguments = (ins StrAttr:$images, StrAttr:$labels, F64Attr:$scale);
  let assemblyFormat = "$images `,` $labels attr-dict";
}

def MDLRT_EvalBatchesOp : MDLRT_Op<"eval_batches"> {
  let summary = "start an evaluation pass; its number of full batches";
  let description = [{
    The pass's batch is `batch`, or the `size` operand when given (a
    program with a dynamic batch: the run's batch).

    ```mlir
    %n = mdlrt.eval_batches {batch = 64 : i64} : index
    %n = mdlrt.eval_batches(%b) {batch = 64 : i64} : index
    ```
  }];
  let arguments = (ins Optional<Index>:$size, I64Attr:$batch);
  let results = (outs Index:$batches);
  let assemblyFormat = "(`(` $size^ `)`)? attr-dict `:` type($batches)";
}

def MDLRT_EvalNextBatchOp : MDLRT_Op<"eval_next_batch"> {
  let summary = "the next batch of the evaluation pass";
  let description = [{
    Labels are i32 class indices, or f32 targets for a regression set. A
    dynamic leading dimension takes its size from `size`, as
    `mdlrt.next_batch`.

    ```mlir
    %x, %y = mdlrt.eval_next_batch : tensor<64x1x28x28xf32>, tensor<64xi32>
    %x, %y = mdlrt.eval_next_batch(%b) : tensor<?x784xf32>, tensor<?xi32>
    ```
  }];
  let arguments = (ins Optional<Index>:$size);
  let results = (outs MDLRT_F32Tensor:$inputs, MDLRT_TargetTensor:$labels);
  let assemblyFormat = [{
    (`(` $size^ `)`)? attr-dict `:` type($inputs) `,` type($labels)
  }];
  let hasVerifier = 1;
}

def MDLRT_EvalBeginOp : MDLRT_Op<"eval_begin"> {
  let summary = "start `PROG eval`: parameters come from --weights";
  let description = [{
    Follows the dataset declarations of `@mdl_eval`: the runtime evaluates
    the declared evaluation set, or the training set when there is none, and
    the following `mdlrt.param_init`s copy the parameters from the file.

    ```mlir
    mdlrt.eval_begin
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def MDLRT_EvalRecordOp : MDLRT_Op<"eval_record"> {
  let summary = "record one evaluated batch";
  let description = [{
    `correct` predictions (a rank-0 count) and the batch's mean `loss` over
    `count` samples, or over `size` samples when that operand is given (a
    dynamic batch).

    ```mlir
    mdlrt.eval_record %correct, %loss {count = 64 : i64} : tensor<f32>, tensor<f32>
    mdlrt.eval_record %correct, %loss size(%b) {count = 64 : i64} : tensor<f32>, tensor<f32>
    ```
  }];
  let arguments = (ins 0DTensorOf<[F32]>:$correct, 0DTensorOf<[F32]>:$loss,
                       Optional<Index>:$size, I64Attr:$count);
  let assemblyFormat = [{
    $correct `,` $loss (`size` `(` $size^ `)`)? attr-dict `:` type($correct) `,` type($loss)
  }];
}

def MDLRT_EvalEndOp : MDLRT_Op<"eval_end"> {
  let summary = "finish an evaluation pass: print and log its metrics";
  let description = [{
    ```mlir
    mdlrt.eval_end %epoch
    ```
  }];
  let arguments = (ins Index:$epoch);
  let assemblyFormat = "$epoch attr-dict";
}

//===----------------------------------------------------------------------===//
// Parameters and logging
//===----------------------------------------------------------------------===//

def MDLRT_ParamInitOp : MDLRT_Op<"param_init"> {
  let summary = "a freshly initialised parameter";
  let description = [{
    Returns parameter `name` initialised by `init`: `"uniform_fan_in"`
    (U(±1/√fan_in), PyTorch's default for Linear and Conv weights and
    biases), `"zeros"` or `"ones"`.

    ```mlir
    %w = mdlrt.param_init "linear.weight" {fan_in = 64 : i64, init = "uniform_fan_in"} : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, StrAttr:$init, I64Attr:$fan_in);
  let results = (outs MDLRT_F32Tensor:$param);
  let assemblyFormat = "$name attr-dict `:` type($param)";
  let hasVerifier = 1;
}

def MDLRT_ParamsReadyOp : MDLRT_Op<"params_ready"> {
  let summary = "every parameter is initialised";
  let description = [{
    Follows the last `mdlrt.param_init`: when the parameters were loaded
    from a file (`--init`), the runtime checks that the file held exactly
    the model's tensors.

    ```mlir
    mdlrt.params_ready
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def MDLRT_ParamFinalOp : MDLRT_Op<"param_final"> {
  let summary = "report the trained value of a parameter";
  let description = [{
    ```mlir
    mdlrt.param_final "linear.weight", %w : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, MDLRT_F32Tensor:$param);
  let assemblyFormat = "$name `,` $param attr-dict `:` type($param)";
}

def MDLRT_OptimStateInitOp : MDLRT_Op<"optim_state_init"> {
  let summary = "the initial value of an optimizer-state tensor";
  let description = [{
    Zeros, or the value saved in the checkpoint of `--resume`.

    ```mlir
    %m = mdlrt.optim_state_init "linear.weight.exp_avg" : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs MDLRT_F32Tensor:$value);
  let assemblyFormat = "$name attr-dict `:` type($value)";
}

def MDLRT_OptimStateFinalOp : MDLRT_Op<"optim_state_final"> {
  let summary = "report the current value of an optimizer-state tensor";
  let description = [{
    Reported next to the parameters before a checkpoint is written and
    before the run ends; `name` is `<param>.<state>` in PyTorch's names
    (Adam: `exp_avg`, `exp_avg_sq`).

    ```mlir
    mdlrt.optim_state_final "linear.weight.exp_avg", %m : tensor<1x64xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, MDLRT_F32Tensor:$value);
  let assemblyFormat = "$name `,` $value attr-dict `:` type($value)";
}

//===----------------------------------------------------------------------===//
// Checkpoints
//===----------------------------------------------------------------------===//

def MDLRT_CheckpointConfigOp : MDLRT_Op<"checkpoint_config"> {
  let summary = "declare the checkpoint train option";
  let description = [{
    `checkpoint = "PATH" every N epochs`: the file (relative to the working
    folder) and N. Precedes `mdlrt.train_begin`.

    ```mlir
    mdlrt.checkpoint_config "convnet.safetensors" {every = 1 : i64}
    ```
  }];
  let arguments = (ins StrAttr:$path, I64Attr:$every);
  let assemblyFormat = "$path attr-dict";
  let hasVerifier = 1;
}

def MDLRT_CheckpointSaveOp : MDLRT_Op<"checkpoint_save"> {
  let summary = "write a checkpoint after an epoch";
  let description = [{
    Writes the parameters and optimizer state reported last
    (`mdlrt.param_final`, `mdlrt.optim_state_final`) with the run's
    position to the checkpoint option's file, after epoch `epoch`.

    ```mlir
    mdlrt.checkpoint_save %epoch
    ```
  }];
  let arguments = (ins Index:$epoch);
  let assemblyFormat = "$epoch attr-dict";
}

//===----------------------------------------------------------------------===//
// The info command
//===----------------------------------------------------------------------===//

def MDLRT_InfoParamOp : MDLRT_Op<"info_param"> {
  let summary = "describe one parameter of the model for `PROG info`";
  let description = [{
    The parameter's checkpoint name, its layer's name and kind, and its
    shape; `buffer` marks a state_dict tensor that is not a trainable
    parameter (batch norm's running statistics), which `info` counts apart.

    ```mlir
    mdlrt.info_param "fc1.weight" {kind = "Linear", layer = "fc1", shape = array<i64: 256, 784>}
    mdlrt.info_param "bn1.running_mean" {buffer, kind = "BatchNorm1d", layer = "bn1", shape = array<i64: 128>}
    ```
  }];
  let arguments = (ins StrAttr:$name, StrAttr:$layer, StrAttr:$kind,
                       DenseI64ArrayAttr:$shape, UnitAttr:$buffer);
  let assemblyFormat = "$name attr-dict";
}

def MDLRT_InfoStepCostOp : MDLRT_Op<"info_step_cost"> {
  let summary = "the FLOPs and peak memory of one training step for `PROG info`";
  let description = [{
    Optional (a q_learning program has none). MLIRGen names the train step
    (`step`); the `mdl-step-cost` pass, which runs before autodiff, replaces
    it by the numbers of the differentiated step (compiler/Analysis/
    StepCost.h has the conventions). Lowering needs `flops` and
    `peak_bytes`. `batch` is the batch size the numbers are for.

    ```mlir
    mdlrt.info_step_cost {batch = 64 : i64, step = @MLP.train_step}
    mdlrt.info_step_cost {batch = 64 : i64, flops = 90521600 : i64, peak_bytes = 4325376 : i64}
    ```
  }];
  let arguments = (ins I64Attr:$batch, OptionalAttr<FlatSymbolRefAttr>:$step,
                       OptionalAttr<I64Attr>:$flops,
                       OptionalAttr<I64Attr>:$peak_bytes);
  let assemblyFormat = "attr-dict";
}

def MDLRT_InfoEndOp : MDLRT_Op<"info_end"> {
  let summary = "print the table of `PROG info`";
  let description = [{
    ```mlir
    mdlrt.info_end
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def MDLRT_LogStepOp : MDLRT_Op<"log_step"> {
  let summary = "record the loss of a training step";
  let description = [{
    ```mlir
    mdlrt.log_step %loss : tensor<f32>
    ```
  }];
  let arguments = (ins 0DTensorOf<[F32]>:$loss);
  let assemblyFormat = "$loss attr-dict `:` type($loss)";
}

//===----------------------------------------------------------------------===//
// Reinforcement learning
//===----------------------------------------------------------------------===//

def MDLRT_EnvDeclareOp : MDLRT_Op<"env_declare"> {
  let summary = "declare the environment of a q_learning run";
  let description = [{
    `environment e = Name(max_steps: N)`: the runtime's environment `name`,
    `max_steps` (0: the environment's default), and the observation size and
    action count the compiled model expects. Precedes `mdlrt.rl_begin` and
    `mdlrt.rl_eval_begin`.

    ```mlir
    mdlrt.env_declare "CartPole" {action_count = 2 : i64, max_steps = 500 : i64, observation_size = 4 : i64}
    ```
  }];
  let arguments = (ins StrAttr:$name, I64Attr:$max_steps,
                       I64Attr:$observation_size, I64Attr:$action_count);
  let assemblyFormat = "$name attr-dict";
  let hasVerifier = 1;
}

def MDLRT_RLBeginOp : MDLRT_Op<"rl_begin"> {
  let summary = "declare a q_learning run and its defaults";
  let description = [{
    Calls `mdlrt_rl_begin`: total environment steps, learning rate and seed
    (which `--steps`, `--lr` and `--seed` override), the replay capacity,
    the batch size, the warm-up, and the epsilon schedule `linear(from, to,
    steps)` (`epsilon_steps` 0: the constant `epsilon_to`). Stands in for
    `mdlrt.train_begin`. With `dynamic_batch` (replay batches of a run-time
    size) it calls `mdlrt_rl_begin_dynamic` instead, and `--batch` may
    replace `batch`; `mdlrt.train_batch` then says which batch the run uses.

    ```mlir
    mdlrt.rl_begin {batch = 64 : i64, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 5.000000e-02 : f64, lr = 1.000000e-03 : f64, replay = 10000 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
    mdlrt.rl_begin {batch = 64 : i64, dynamic_batch, epsilon_from = 1.0 : f64, epsilon_steps = 10000 : i64, epsilon_to = 5.000000e-02 : f64, lr = 1.000000e-03 : f64, replay = 10000 : i64, seed = 0 : i64, steps = 50000 : i64, warmup = 1000 : i64}
    ```
  }];
  let arguments = (ins I64Attr:$steps, F64Attr:$lr, I64Attr:$seed,
                       I64Attr:$replay, I64Attr:$batch, I64Attr:$warmup,
                       F64Attr:$epsilon_from, F64Attr:$epsilon_to,
                       I64Attr:$epsilon_steps, UnitAttr:$dynamic_batch);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def MDLRT_RLTotalStepsOp : MDLRT_Op<"rl_total_steps"> {
  let summary = "number of environment steps to take";
  let description = [{
    ```mlir
    %n = mdlrt.rl_total_steps : index
    ```
  }];
  let results = (outs Index:$steps);
  let assemblyFormat = "attr-dict `:` type($steps)";
}

def MDLRT_RLObserveOp : MDLRT_Op<"rl_observe"> {
  let summary = "the current observation, as a batch of one";
  let description = [{
    ```mlir
    %s = mdlrt.rl_observe : tensor<1x4xf32>
    ```
  }];
  let results = (outs MDLRT_F32Tensor:$state);
  let assemblyFormat = "attr-dict `:` type($state)";
  let hasVerifier = 1;
}

def MDLRT_RLExploreOp : MDLRT_Op<"rl_explore"> {
  let summary = "epsilon-greedy's coin at an environment step";
  let description = [{
    A uniformly random action with probability eps(`step`), else -1 (act
    greedily).

    ```mlir
    %a = mdlrt.rl_explore %t : i64
    ```
  }];
  let arguments = (ins Index:$step);
  let results = (outs I64:$action);
  let assemblyFormat = "$step attr-dict `:` type($action)";
}

def MDLRT_RLActOp : MDLRT_Op<"rl_act"> {
  let summary = "apply an action to the training environment";
  let description = [{
    Steps the environment, stores the transition in the replay buffer and,
    at the end of an episode, logs it and starts the next.

    ```mlir
    mdlrt.rl_act %a : i64
    ```
  }];
  let arguments = (ins I64:$action);
  let assemblyFormat = "$action attr-dict `:` type($action)";
}

def MDLRT_RLReadyOp : MDLRT_Op<"rl_ready"> {
  let summary = "whether a gradient step is due";
  let description = [{
    True once the replay buffer holds at least max(warmup, batch)
    transitions.

    ```mlir
    %ready = mdlrt.rl_ready
    ```
  }];
  let results = (outs I1:$ready);
  let assemblyFormat = "attr-dict";
}

def MDLRT_RLSampleOp : MDLRT_Op<"rl_sample"> {
  let summary = "a replay batch sampled uniformly";
  let description = [{
    States `s`, actions `a` (i32), rewards `r`, next states `s2` and
    terminal flags `done` (1.0 for a terminal transition), all with the
    batch as leading dimension. When it is dynamic (`?`), the `size`
    operand gives it (the run's batch, `mdlrt.train_batch`); only then.

    ```mlir
    %s, %a, %r, %s2, %done = mdlrt.rl_sample : tensor<64x4xf32>, tensor<64xi32>, tensor<64xf32>, tensor<64x4xf32>, tensor<64xf32>
    %s, %a, %r, %s2, %done = mdlrt.rl_sample(%b) : tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<?x4xf32>, tensor<?xf32>
    ```
  }];
  let arguments = (ins Optional<Index>:$size);
  let results = (outs MDLRT_F32Tensor:$s, RankedTensorOf<[I32]>:$a,
                      MDLRT_F32Tensor:$r, MDLRT_F32Tensor:$s2,
                      MDLRT_F32Tensor:$done);
  let assemblyFormat = [{
    (`(` $size^ `)`)? attr-dict `:` type($s) `,` type($a) `,` type($r) `,`
    type($s2) `,` type($done)
  }];
  let hasVerifier = 1;
}

def MDLRT_RLTargetInitOp
    : MDLRT_Op<"rl_target_init", [AllTypesMatch<["online", "target"]>]> {
  let summary = "the initial target-network value of a parameter";
  let description = [{
    A copy of `online` (the parameter as initialised), or under `--resume`
    the target network saved in the checkpoint. Follows
    `mdlrt.params_ready`.

    ```mlir
    %t = mdlrt.rl_target_init "fc1.weight", %w : tensor<64x4xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, MDLRT_F32Tensor:$online);
  let results = (outs MDLRT_F32Tensor:$target);
  let assemblyFormat = "$name `,` $online attr-dict `:` type($target)";
  let hasVerifier = 1;
}

def MDLRT_RLTargetFinalOp : MDLRT_Op<"rl_target_final"> {
  let summary = "report the current target-network value of a parameter";
  let description = [{
    Reported next to `mdlrt.param_final` before a checkpoint is written and
    before the run ends, so that the checkpoint holds the target network.

    ```mlir
    mdlrt.rl_target_final "fc1.weight", %t : tensor<64x4xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, MDLRT_F32Tensor:$target);
  let assemblyFormat = "$name `,` $target attr-dict `:` type($target)";
  let hasVerifier = 1;
}

def MDLRT_RLGradientStepsOp : MDLRT_Op<"rl_gradient_steps"> {
  let summary = "gradient steps already taken (> 0 when resumed)";
  let description = [{
    ```mlir
    %u = mdlrt.rl_gradient_steps : index
    ```
  }];
  let results = (outs Index:$steps);
  let assemblyFormat = "attr-dict `:` type($steps)";
}

def MDLRT_RLCheckpointSaveOp : MDLRT_Op<"rl_checkpoint_save"> {
  let summary = "write the checkpoint of a q_learning run";
  let description = [{
    `checkpoint = "FILE" every N steps`: writes the tensors reported last
    (`mdlrt.param_final`, `mdlrt.optim_state_final`,
    `mdlrt.rl_target_final`) and the runtime's agent state to the option's
    file.

    ```mlir
    mdlrt.rl_checkpoint_save
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def MDLRT_RLEvalBeginOp : MDLRT_Op<"rl_eval_begin"> {
  let summary = "start `PROG eval` of an agent";
  let description = [{
    Reads `--weights` (the following `mdlrt.param_init`s copy the
    parameters from it) and starts the first greedy episode.

    ```mlir
    mdlrt.rl_eval_begin
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def MDLRT_RLEvalActOp : MDLRT_Op<"rl_eval_act"> {
  let summary = "apply a greedy action in an evaluation episode";
  let description = [{
    True while steps remain, false once the last episode ended.

    ```mlir
    %running = mdlrt.rl_eval_act %a : i64
    ```
  }];
  let arguments = (ins I64:$action);
  let results = (outs I1:$running);
  let assemblyFormat = "$action attr-dict `:` type($action)";
}

def MDLRT_RLEvalEndOp : MDLRT_Op<"rl_eval_end"> {
  let summary = "report the mean return of the evaluation episodes";
  let description = [{
    ```mlir
    mdlrt.rl_eval_end
    ```
  }];
  let assemblyFormat = "attr-dict";
}

#endif // DIALECTS_MDLRT_IR_MDLRTOPS_TD
