//===- Options.cpp - The command line of a compiled program -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A table-driven parser for the flags of `train`. Each flag names the kind of
// value it takes; a value is validated as it is read, so that the first bad
// argument is the one reported.
//
//===----------------------------------------------------------------------===//

#include "core/Options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace mdlrt {

//===----------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------===//

std::optional<uint64_t> parseUnsignedInt(const std::string &text) {
  if (text.empty() || text.size() > 20)
    return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10)
      return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<int64_t> parsePositiveInt(const std::string &text) {
  std::optional<uint64_t> value = parseUnsignedInt(text);
  if (!value || *value == 0 || *value > static_cast<uint64_t>(INT64_MAX))
    return std::nullopt;
  return static_cast<int64_t>(*value);
}

std::optional<double> parsePositiveReal(const std::string &text) {
  // strtod also takes leading spaces, hex floats, "inf" and "nan"; accept
  // only a plain decimal: digits, one '.', an exponent.
  if (text.empty())
    return std::nullopt;
  for (char c : text) {
    bool allowed = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
                   c == '+' || c == '-';
    if (!allowed)
      return std::nullopt;
  }
  errno = 0;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE)
    return std::nullopt;
  if (!std::isfinite(value) || !(value > 0.0))
    return std::nullopt;
  return value;
}

//===----------------------------------------------------------------------===//
// Flags of `train`
//===----------------------------------------------------------------------===//

namespace {
enum class FlagKind {
  Epochs,
  Steps,
  Batch,
  Episodes,
  Lr,
  Seed,
  DataDir,
  Device,
  Log,
  Save,
  Init,
  Weights,
  Resume,
  Plot,
  Quiet,
  Help
};

/// The commands a flag belongs to.
enum CommandMask : unsigned { kTrain = 1, kEval = 2, kInfo = 4 };

struct FlagInfo {
  const char *name;
  FlagKind kind;
  bool takesValue;
  unsigned commands;
};

constexpr FlagInfo kFlags[] = {
    {"--epochs", FlagKind::Epochs, true, kTrain},
    {"--steps", FlagKind::Steps, true, kTrain},
    {"--batch", FlagKind::Batch, true, kTrain},
    {"--lr", FlagKind::Lr, true, kTrain},
    {"--seed", FlagKind::Seed, true, kTrain | kEval},
    {"--episodes", FlagKind::Episodes, true, kEval},
    {"--data-dir", FlagKind::DataDir, true, kTrain | kEval},
    {"--device", FlagKind::Device, true, kTrain | kEval},
    {"--log", FlagKind::Log, true, kTrain},
    {"--save", FlagKind::Save, true, kTrain},
    {"--init", FlagKind::Init, true, kTrain},
    {"--weights", FlagKind::Weights, true, kEval},
    {"--resume", FlagKind::Resume, true, kTrain},
    {"--plot", FlagKind::Plot, true, kTrain},
    {"--quiet", FlagKind::Quiet, false, kTrain | kEval},
    {"--help", FlagKind::Help, false, kTrain | kEval | kInfo},
    {"-h", FlagKind::Help, false, kTrain | kEval | kInfo},
};

const FlagInfo *findFlag(const std::string &name, unsigned command) {
  for (const FlagInfo &flag : kFlags)
    if (name == flag.name && (flag.commands & command))
      return &flag;
  return nullptr;
}

std::string invalidValue(const std::string &flag, const std::string &value,
                         const char *expected) {
  return "invalid value '" + value + "' for '" + flag + "': expected " +
         expected;
}

/// Stores `value` for `flag`; returns a reason on a bad value.
std::string applyValue(const FlagInfo &flag, const std::string &value,
                       TrainOptions &options) {
  switch (flag.kind) {
  case FlagKind::Epochs:
  case FlagKind::Steps:
  case FlagKind::Batch:
  case FlagKind::Episodes: {
    std::optional<int64_t> count = parsePositiveInt(value);
    if (!count)
      return invalidValue(flag.name, value, "a positive integer");
    (flag.kind == FlagKind::Epochs  ? options.epochs
     : flag.kind == FlagKind::Steps ? options.steps
     : flag.kind == FlagKind::Batch ? options.batch
                                    : options.episodes) = *count;
    return "";
  }
  case FlagKind::Lr: {
    std::optional<double> lr = parsePositiveReal(value);
    if (!lr)
      return invalidValue(flag.name, value, "a positive finite number");
    options.lr = *lr;
    return "";
  }
  case FlagKind::Seed: {
    std::optional<uint64_t> seed = parseUnsignedInt(value);
    if (!seed)
      return invalidValue(flag.name, value,
                          "an integer between 0 and 18446744073709551615");
    options.seed = *seed;
    return "";
  }
  case FlagKind::DataDir:
    if (value.empty())
      return "option '--data-dir' needs a folder name";
    options.dataDir = value;
    return "";
  case FlagKind::Device:
    // LANGUAGE.md's `--device cpu|cuda`: the programs mdlc builds today
    // carry CPU code only, so `cuda` is refused by name instead of being
    // an unknown flag or silently running on the CPU.
    if (value == "cpu")
      return "";
    if (value == "cuda")
      return "'--device cuda': this program has no GPU code (mdlc's CUDA "
             "target is not built yet); use '--device cpu'";
    return invalidValue(flag.name, value, "'cpu' or 'cuda'");
  case FlagKind::Log:
  case FlagKind::Save:
  case FlagKind::Init:
  case FlagKind::Weights:
  case FlagKind::Resume:
  case FlagKind::Plot:
    if (value.empty())
      return "option '" + std::string(flag.name) + "' needs a file name";
    (flag.kind == FlagKind::Log       ? options.logPath
     : flag.kind == FlagKind::Save    ? options.savePath
     : flag.kind == FlagKind::Init    ? options.initPath
     : flag.kind == FlagKind::Weights ? options.weightsPath
     : flag.kind == FlagKind::Plot    ? options.plotPath
                                      : options.resumePath) = value;
    return "";
  case FlagKind::Quiet:
  case FlagKind::Help:
    break;
  }
  return "";
}

/// Parses the flags of `command` (one CommandMask bit) after args[first).
std::string parseFlags(const std::vector<std::string> &args, size_t first,
                       unsigned command, const char *commandName,
                       Command helpCommand, CommandLine &result) {
  TrainOptions &options = result.train;
  for (size_t i = first; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg.size() < 2 || arg[0] != '-')
      return "unexpected argument '" + arg + "'";

    std::string name = arg;
    std::optional<std::string> inlineValue;
    std::string::size_type equals = arg.find('=');
    if (arg.compare(0, 2, "--") == 0 && equals != std::string::npos) {
      name = arg.substr(0, equals);
      inlineValue = arg.substr(equals + 1);
    }

    const FlagInfo *flag = findFlag(name, command);
    if (!flag) {
      if (findFlag(name, kTrain | kEval | kInfo))
        return "option '" + name + "' does not apply to '" + commandName + "'";
      return "unknown option '" + name + "'";
    }

    if (!flag->takesValue) {
      if (inlineValue)
        return "option '" + name + "' takes no value";
      if (flag->kind == FlagKind::Help) {
        result.command = helpCommand;
        return "";
      }
      options.quiet = true;
      continue;
    }

    std::string value;
    if (inlineValue) {
      value = *inlineValue;
    } else {
      // A following flag is not a value: `--log --quiet` lacks the file name.
      if (i + 1 >= args.size() || args[i + 1].compare(0, 2, "--") == 0)
        return "option '" + name + "' needs a value";
      value = args[++i];
    }
    std::string error = applyValue(*flag, value, options);
    if (!error.empty())
      return error;
  }
  return "";
}
} // namespace

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

ParsedCommandLine parseCommandLine(const std::vector<std::string> &args) {
  ParsedCommandLine parsed;
  if (args.empty()) {
    parsed.error = "no command given (expected 'train', 'eval' or 'info')";
    return parsed;
  }
  const std::string &command = args[0];
  if (command == "--help" || command == "-h") {
    parsed.commandLine.command = Command::Help;
    return parsed;
  }
  if (command == "train") {
    parsed.commandLine.command = Command::Train;
    parsed.error = parseFlags(args, 1, kTrain, "train", Command::TrainHelp,
                              parsed.commandLine);
    const TrainOptions &train = parsed.commandLine.train;
    if (parsed.ok() && !train.initPath.empty() && !train.resumePath.empty())
      parsed.error = "'--init' and '--resume' cannot be combined";
    parsed.commandLine.train.arguments = args;
    return parsed;
  }
  if (command == "eval") {
    parsed.commandLine.command = Command::Eval;
    parsed.error = parseFlags(args, 1, kEval, "eval", Command::EvalHelp,
                              parsed.commandLine);
    if (parsed.ok() && parsed.commandLine.command == Command::Eval &&
        parsed.commandLine.train.weightsPath.empty())
      parsed.error = "'eval' needs '--weights FILE.safetensors'";
    return parsed;
  }
  if (command == "info") {
    parsed.commandLine.command = Command::Info;
    parsed.error = parseFlags(args, 1, kInfo, "info", Command::InfoHelp,
                              parsed.commandLine);
    return parsed;
  }
  if (!command.empty() && command[0] == '-')
    parsed.error = "expected a command before '" + command + "'";
  else
    parsed.error = "unknown command '" + command +
                   "' (expected 'train', 'eval' or 'info')";
  return parsed;
}

std::string usage(const std::string &prog) {
  // Continuation lines align with the first flag: "usage: PROG train ".
  std::string indent(prog.size() + 14, ' ');
  std::string text;
  text += "usage: " + prog + " train [--epochs N] [--steps N] [--batch N]";
  text += " [--lr X]\n";
  text += indent + "[--seed N] ";
  text += "[--device cpu|cuda] [--data-dir DIR]\n";
  text += indent + "[--init FILE.safetensors]\n";
  text += indent + "[--save FILE.safetensors] [--resume FILE.safetensors]\n";
  text += indent + "[--log FILE.jsonl] [--plot FILE.svg] [--quiet]\n";
  text += "       " + prog + " eval --weights FILE.safetensors";
  text += " [--device cpu|cuda] [--data-dir DIR]\n";
  text += std::string(prog.size() + 13, ' ') +
          "[--episodes N] [--seed N] [--quiet]\n";
  text += "       " + prog + " info\n";
  text += "       " + prog + " --help\n";
  text += "\n";
  text += "commands:\n";
  text += "  train    train the model of the program's train block\n";
  text += "  eval     evaluate saved parameters; prints one JSON line\n";
  text += "  info     list the model's layers and parameters\n";
  text += "\n";
  text += "Run '" + prog + " COMMAND --help' for the options of a command.\n";
  return text;
}

std::string evalUsage(const std::string &prog) {
  static const char *const kLines[] = {
      "",
      "Evaluates the parameters in FILE on the evaluation set of the",
      "program's train block (its 'eval' option), or on the training set",
      "when it has none. Prints the result on stderr and, on stdout, one",
      "JSON line for scripts: {\"accuracy\": A, \"loss\": L} for a",
      "classifier, {\"loss\": L} otherwise.",
      "An agent (a train block 'with q_learning') is evaluated by greedy",
      "episodes in its environment instead; the JSON line is",
      "{\"mean_return\": R, \"episodes\": N}.",
      "",
      "options:",
      "  --weights FILE.safetensors  the parameters (required): a checkpoint",
      "                              of this program or a PyTorch state_dict",
      "  --device cpu|cuda           where to run (cpu; this build has no",
      "                              GPU code)",
      "  --data-dir DIR              look for relative data paths in DIR first",
      "  --episodes N                an agent: greedy episodes to run",
      "                              (default 20)",
      "  --seed N                    an agent: seed of the episodes' initial",
      "                              states, apart from training's (default 0)",
      "  --quiet                     print only the JSON line",
      "  -h, --help                  print this help and exit",
  };
  std::string text =
      "usage: " + prog + " eval --weights FILE.safetensors [options]\n";
  for (const char *line : kLines)
    text += std::string(line) + "\n";
  return text;
}

std::string infoUsage(const std::string &prog) {
  return "usage: " + prog + " info\n"
         "\n"
         "Prints the model's layers with their parameters, shapes and\n"
         "parameter counts, and the total.\n"
         "\n"
         "options:\n"
         "  -h, --help  print this help and exit\n";
}

std::string trainUsage(const std::string &prog) {
  static const char *const kLines[] = {
      "",
      "Trains the model as the program's train block says; the options",
      "override its settings.",
      "",
      "options:",
      "  --epochs N               number of epochs (default: the block's)",
      "  --steps N                stop after N steps in total",
      "  --batch N                samples per step (default: the block's)",
      "  --lr X                   learning rate (default: the optimizer's)",
      "  --seed N                 seed of the parameter initialisation and",
      "                           of shuffling (default: the block's)",
      "  --device cpu|cuda        where to run (cpu; this build has no GPU",
      "                           code)",
      "  --data-dir DIR           look for relative data paths in DIR first,",
      "                           then in $MDL_DATA_DIR, then in",
      "                           /usr/share/datasets/fashion-mnist",
      "  --init FILE.safetensors  start from the parameters in FILE (e.g. a",
      "                           PyTorch state_dict saved by safetensors)",
      "                           instead of drawing them",
      "  --save FILE.safetensors  write the final parameters (and the",
      "                           optimizer state next to them)",
      "  --resume FILE.safetensors",
      "                           continue the run saved in FILE exactly:",
      "                           weights, optimizer state, step, data order",
      "                           (give the other options as before)",
      "  --log FILE.jsonl         write progress records, a JSON object a line",
      "  --plot FILE.svg          draw the loss (and evaluation) curves of the",
      "                           run when it ends",
      "  --quiet                  print only the final summary",
      "  -h, --help               print this help and exit",
      "",
      "An agent (a train block 'with q_learning') counts --steps in",
      "environment steps (default: the block's 'steps'); --seed also seeds",
      "exploration, replay sampling and the episodes' starts; --epochs,",
      "--data-dir and --resume do not apply to it. Its progress shows the",
      "episodes, the mean return of the last 20, epsilon, the loss and",
      "environment steps/s; --log writes a record per episode.",
      "",
      "Options take their value as '--epochs 5' or '--epochs=5'.",
      "Ctrl-C (or SIGTERM) finishes the current step, saves a checkpoint to",
      "--save (or the train block's checkpoint file) and says how to resume.",
  };
  std::string text = "usage: " + prog + " train [options]\n";
  for (const char *line : kLines)
    text += std::string(line) + "\n";
  return text;
}

} // namespace mdlrt
