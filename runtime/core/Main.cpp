//===- Main.cpp - main() of a compiled mdl program --------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The entry point of every executable mdlc links: parses the command line
// (core/Options.h), then calls the generated entry point of the command
// (`mdl_train`, `mdl_eval`, `mdl_info`), which drives the run through the
// ABI. Exit status: 0 on success and for --help, 2 for a bad command line, 1
// when the run fails (unreadable data, --save or --log not writable). This
// file alone refers to the generated entry points, so it is built into the
// separate library mdlrt_main. `mdl_eval` and `mdl_info` are weak: an
// object from an older mdlc (or a hand-written test) may lack them.
//
//===----------------------------------------------------------------------===//

#include "core/Error.h"
#include "core/Options.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"

#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#pragma weak mdl_eval
#pragma weak mdl_info

namespace {
constexpr int kUsageExitStatus = 2;

/// Calls a generated entry point that the program may lack.
int runEntry(void (*entry)(void), const char *command) {
  if (!entry)
    mdlrt::fatal(std::string("this program was built without the '") +
                 command + "' command; rebuild it with a newer mdlc");
  entry();
  return mdlrt::runExitStatus();
}

int runProgram(int argc, char **argv) {
  mdlrt::setProgramName(argc > 0 ? argv[0] : nullptr);
  const std::string &prog = mdlrt::programName();

  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  mdlrt::ParsedCommandLine parsed = mdlrt::parseCommandLine(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s: error: %s\nTry '%s --help'.\n", prog.c_str(),
                 parsed.error.c_str(), prog.c_str());
    return kUsageExitStatus;
  }

  switch (parsed.commandLine.command) {
  case mdlrt::Command::Help:
    std::fputs(mdlrt::usage(prog).c_str(), stdout);
    return 0;
  case mdlrt::Command::TrainHelp:
    std::fputs(mdlrt::trainUsage(prog).c_str(), stdout);
    return 0;
  case mdlrt::Command::EvalHelp:
    std::fputs(mdlrt::evalUsage(prog).c_str(), stdout);
    return 0;
  case mdlrt::Command::InfoHelp:
    std::fputs(mdlrt::infoUsage(prog).c_str(), stdout);
    return 0;
  case mdlrt::Command::Train:
    parsed.commandLine.train.program = argc > 0 ? argv[0] : prog;
    mdlrt::configureRun(parsed.commandLine.train);
    mdl_train();
    return mdlrt::runExitStatus();
  case mdlrt::Command::Eval:
    mdlrt::configureRun(parsed.commandLine.train, mdlrt::RunMode::Eval);
    return runEntry(mdl_eval, "eval");
  case mdlrt::Command::Info:
    mdlrt::configureRun(parsed.commandLine.train, mdlrt::RunMode::Info);
    return runEntry(mdl_info, "info");
  }
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  try {
    int status = runProgram(argc, argv);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      mdlrt::reportError("cannot write to standard output");
      status = status == 0 ? 1 : status;
    }
    return status;
  } catch (const std::bad_alloc &) {
    mdlrt::reportError("out of memory");
  } catch (const std::exception &error) {
    mdlrt::reportError(error.what());
  }
  return 1;
}
