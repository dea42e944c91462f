//===- Options.h - The command line of a compiled program -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A compiled program is run as
//   PROG train [--epochs N] [--steps N] [--batch N] [--lr X] [--seed N]
//              [--data-dir DIR] [--init FILE.safetensors]
//              [--save FILE.safetensors] [--log FILE.jsonl] [--quiet]
//   PROG eval --weights FILE.safetensors [--data-dir DIR] [--quiet]
//             [--episodes N] [--seed N]     (an agent)
//   PROG info
//   PROG --help | PROG COMMAND --help
// Flags take their value as `--flag value` or `--flag=value`; a repeated flag
// keeps its last value. `parseCommandLine` never prints and never exits: it
// returns the parsed command line or a one-line reason, and main() decides.
//
// The parser does not know what the program trains: that is declared by
// generated code once it runs (a dataset, or an environment for
// q_learning). It accepts the flags of either kind, and the call that
// starts the run refuses those that do not apply to it (exit 2, like a bad
// command line): `--epochs`, `--data-dir` and `--resume` for an agent
// (rl/QLearningRun.cpp), `--episodes` and `--seed` for a supervised eval.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_OPTIONS_H
#define MDLRT_CORE_OPTIONS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mdlrt {

/// The flags of `train` and `eval` (each command accepts only its own). An
/// unset optional keeps the program's default.
struct TrainOptions {
  /// --epochs N, N >= 1.
  std::optional<int64_t> epochs;
  /// --steps N, N >= 1: a cap on the total number of steps.
  std::optional<int64_t> steps;
  /// --batch N, N >= 1: the batch of a program compiled with a dynamic
  /// one (mdlrt_train_begin_dynamic); others accept only their own.
  std::optional<int64_t> batch;
  /// --lr X, finite and > 0.
  std::optional<double> lr;
  /// --seed N, 0 <= N < 2^64 (train; eval of an agent: the episodes').
  std::optional<uint64_t> seed;
  /// eval --episodes N, N >= 1: greedy episodes of an agent (rl/).
  std::optional<int64_t> episodes;
  /// --data-dir DIR: the first folder relative data paths are looked up in
  /// (data/DataPath.h); empty when not given.
  std::string dataDir;
  /// --log FILE.jsonl; empty when not given.
  std::string logPath;
  /// --save FILE.safetensors; empty when not given.
  std::string savePath;
  /// --init FILE.safetensors: parameters to start from instead of drawn
  /// ones; empty when not given.
  std::string initPath;
  /// --plot FILE.svg: the run's loss (and eval) curves; empty when not
  /// given.
  std::string plotPath;
  /// eval --weights FILE.safetensors (required by eval).
  std::string weightsPath;
  /// --resume FILE.safetensors: a checkpoint to continue from exactly.
  std::string resumePath;
  /// The program as invoked (argv[0]) and the arguments after it, as given
  /// (for the line that says how to resume an interrupted run).
  std::string program;
  std::vector<std::string> arguments;
  /// --quiet: no per-epoch lines (the final summary is still printed).
  bool quiet = false;
};

enum class Command {
  /// `PROG --help`: print `usage()` and exit 0.
  Help,
  /// `PROG train --help`: print `trainUsage()` and exit 0.
  TrainHelp,
  /// `PROG train ...`: run the program's train block.
  Train,
  /// `PROG eval --help`, `PROG eval --weights FILE [--data-dir DIR]`.
  EvalHelp,
  Eval,
  /// `PROG info --help`, `PROG info`.
  InfoHelp,
  Info,
};

struct CommandLine {
  Command command = Command::Help;
  TrainOptions train;
};

/// The result of parsing: `error` is empty on success, else a one-line
/// reason (lower-case, no trailing period) to print after `PROG: error: `.
struct ParsedCommandLine {
  CommandLine commandLine;
  std::string error;

  bool ok() const { return error.empty(); }
};

/// Parses the arguments after argv[0].
ParsedCommandLine parseCommandLine(const std::vector<std::string> &args);

/// The text of `PROG --help` and of `PROG COMMAND --help`.
std::string usage(const std::string &prog);
std::string trainUsage(const std::string &prog);
std::string evalUsage(const std::string &prog);
std::string infoUsage(const std::string &prog);

/// Strict number parsers shared with the tests: the whole string must be the
/// number, with no sign, space or suffix for integers.
std::optional<int64_t> parsePositiveInt(const std::string &text);
std::optional<uint64_t> parseUnsignedInt(const std::string &text);
/// A finite, strictly positive decimal number (e.g. 0.01, 1e-3).
std::optional<double> parsePositiveReal(const std::string &text);

} // namespace mdlrt

#endif // MDLRT_CORE_OPTIONS_H
