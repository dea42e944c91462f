//===- mdlc.cpp - the mdlc compiler driver ----------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// `mdlc FILE.mdl [-o OUT] [--emit=PHASE] [--check] [--dump-dir DIR]
// [--error-limit N]` parses
// and checks an MDL program and compiles it to the requested phase (an
// executable by default). The phases and all code generation live in
// compiler/Pipelines; this file only handles flags, files and diagnostics.
// `--split-input-file` and `--verify-diagnostics` behave exactly as in
// MlirOptMain, so frontend error tests are written like dialect tests.
// `mdlc --check-grads FILE.mdl` checks the model's gradient instead
// (compiler/CheckGrads).
//
// Exit codes: 0 success; 1 an error in the input (syntax, semantics, an
// unreadable or empty file) or in compilation, or a gradient that fails
// --check-grads; 2 bad command-line flags.
//
//===----------------------------------------------------------------------===//

#include "compiler/CheckGrads/CheckGrads.h"
#include "compiler/Frontend/Diagnostics.h"
#include "compiler/Frontend/Frontend.h"
#include "compiler/InitAll.h"
#include "compiler/Pipelines/Compile/Compile.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/ToolUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mdlc;

#include "llvm/Support/FormatVariadic.h"

namespace {

llvm::cl::OptionCategory mdlcCategory("mdlc options");

llvm::cl::opt<std::string> inputFilename(llvm::cl::Positional,
                                         llvm::cl::desc("<input .mdl file>"),
                                         llvm::cl::init("-"),
                                         llvm::cl::cat(mdlcCategory));

llvm::cl::opt<std::string> outputFilename("o",
                                          llvm::cl::desc("Output filename"),
                                          llvm::cl::value_desc("filename"),
                                          llvm::cl::init("-"),
                                          llvm::cl::cat(mdlcCategory));

llvm::cl::opt<std::string> emitOption(
    "emit",
    llvm::cl::desc("The phase to stop after: ast, mdl, mdl-grad, linalg, "
                   "bufferized, llvm-mlir, llvm-ir, asm, obj, exe (default)"),
    llvm::cl::value_desc("phase"), llvm::cl::init("exe"),
    llvm::cl::cat(mdlcCategory));

llvm::cl::opt<std::string>
    dumpDir("dump-dir",
            llvm::cl::desc("Also write every stage of the compile into this "
                           "folder, as numbered files"),
            llvm::cl::value_desc("dir"), llvm::cl::init(""),
            llvm::cl::cat(mdlcCategory));

llvm::cl::opt<std::string> runtimeDir(
    "runtime-dir",
    llvm::cl::desc("Folder holding libmdlrt.a and libmdlrt_main.a (default: "
                   "$MDLC_RUNTIME_DIR, then the build tree's)"),
    llvm::cl::value_desc("dir"), llvm::cl::init(""),
    llvm::cl::cat(mdlcCategory));

/// The phase `--emit` names (set in main after validation).
Phase emitPhase = Phase::Executable;

llvm::cl::opt<bool>
    checkOnly("check",
              llvm::cl::desc("Parse and check the program; emit nothing"),
              llvm::cl::init(false), llvm::cl::cat(mdlcCategory));

llvm::cl::opt<bool> checkGrads(
    "check-grads",
    llvm::cl::desc("Compare the whole model's gradient with float64 central "
                   "differences and print the worst relative error per "
                   "parameter; exit 1 if any exceeds 1e-6"),
    llvm::cl::init(false), llvm::cl::cat(mdlcCategory));

llvm::cl::opt<unsigned> checkGradsSeeds(
    "check-grads-seeds",
    llvm::cl::desc("--check-grads: random draws of parameters and batch "
                   "(default 3)"),
    llvm::cl::value_desc("n"), llvm::cl::init(3),
    llvm::cl::cat(mdlcCategory));

llvm::cl::opt<unsigned> checkGradsSamples(
    "check-grads-samples",
    llvm::cl::desc("--check-grads: elements checked per parameter and draw "
                   "(default 20)"),
    llvm::cl::value_desc("n"), llvm::cl::init(20),
    llvm::cl::cat(mdlcCategory));

llvm::cl::opt<unsigned> checkGradsBatch(
    "check-grads-batch",
    llvm::cl::desc("--check-grads: the batch the loss is compiled for (0: "
                   "the train block's; default 4)"),
    llvm::cl::value_desc("n"), llvm::cl::init(4),
    llvm::cl::cat(mdlcCategory));

llvm::cl::opt<bool> splitInputFile(
    "split-input-file",
    llvm::cl::desc("Split the input at '// -----' and process each chunk "
                   "independently"),
    llvm::cl::init(false), llvm::cl::cat(mdlcCategory));

llvm::cl::opt<unsigned> errorLimit(
    "error-limit",
    llvm::cl::desc("Stop printing errors after this many (0: no limit)"),
    llvm::cl::value_desc("n"), llvm::cl::init(frontend::kDefaultErrorLimit),
    llvm::cl::cat(mdlcCategory));

llvm::cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    llvm::cl::desc("Check that emitted diagnostics match expected-* comments"),
    llvm::cl::init(false), llvm::cl::cat(mdlcCategory));

//===----------------------------------------------------------------------===//
// Code generation
//===----------------------------------------------------------------------===//

/// The file name of a stage in `--dump-dir`: `03-mdl-grad.mlir`.
std::string dumpFileName(Phase phase) {
  static const char *const extensions[] = {
      "txt", "mlir", "mlir", "mlir", "mlir", "mlir", "ll", "s", "o", ""};
  int index = static_cast<int>(phase);
  return llvm::formatv("{0:2}-{1}.{2}", index + 1, getPhaseName(phase),
                       extensions[index])
      .str();
}

/// Writes `contents` to `path` through a temporary file, so that a failure
/// never leaves a partial file behind.
mlir::LogicalResult writeFileAtomically(llvm::StringRef path,
                                        llvm::StringRef contents) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file =
      mlir::openOutputFile(path, &error);
  if (!file) {
    llvm::errs() << "mdlc: error: " << error << "\n";
    return mlir::failure();
  }
  file->os() << contents;
  file->os().flush();
  if (file->os().has_error()) {
    llvm::errs() << "mdlc: error: cannot write " << path << "\n";
    file->os().clear_error();
    return mlir::failure();
  }
  file->keep();
  return mlir::success();
}

/// Where an object or executable goes without `-o`: the input's stem.
std::string defaultBinaryPath(Phase phase) {
  llvm::StringRef stem = inputFilename == "-"
                             ? llvm::StringRef("a.out")
                             : llvm::sys::path::stem(inputFilename);
  return (stem + (phase == Phase::Object ? ".o" : "")).str();
}

/// Compiles a checked program past the frontend up to the `--emit` phase.
/// Text phases are written to `os`; objects and executables to `-o` (or the
/// input's stem). With `--dump-dir`, every stage is also written there.
mlir::LogicalResult compilePastFrontend(frontend::Program &program,
                                        mlir::MLIRContext &context,
                                        llvm::raw_ostream &os) {
  CompileOptions options;
  options.runtimeDir = runtimeDir;
  bool binary = emitPhase >= Phase::Object;
  std::string binaryPath =
      outputFilename == "-" ? defaultBinaryPath(emitPhase) : outputFilename;
  std::string object;

  if (!dumpDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(dumpDir)) {
      llvm::errs() << "mdlc: error: cannot create " << dumpDir << ": "
                   << ec.message() << "\n";
      return mlir::failure();
    }
    std::string astText;
    llvm::raw_string_ostream astOS(astText);
    frontend::dumpProgram(program, astOS);
    llvm::SmallString<256> path(dumpDir);
    llvm::sys::path::append(path, dumpFileName(Phase::AST));
    if (mlir::failed(writeFileAtomically(path, astText)))
      return mlir::failure();
  }

  StageSink sink;
  sink.wants = [&](Phase phase) {
    return phase == emitPhase || !dumpDir.empty() ||
           (emitPhase == Phase::Executable && phase == Phase::Object);
  };
  sink.write = [&](Phase phase, llvm::StringRef contents) {
    if (!dumpDir.empty()) {
      llvm::SmallString<256> path(dumpDir);
      llvm::sys::path::append(path, dumpFileName(phase));
      if (mlir::failed(writeFileAtomically(path, contents)))
        return mlir::failure();
    }
    if (phase == Phase::Object && binary)
      object = contents.str();
    else if (phase == emitPhase)
      os << contents;
    return mlir::success();
  };
  Phase last = std::min(emitPhase, Phase::Object);
  if (mlir::failed(compileProgram(program, context, options, last, sink)))
    return mlir::failure();

  if (emitPhase == Phase::Object)
    return writeFileAtomically(binaryPath, object);
  if (emitPhase == Phase::Executable) {
    std::string error;
    if (mlir::failed(linkProgram(object, binaryPath, options, error))) {
      llvm::errs() << "mdlc: error: " << error << "\n";
      return mlir::failure();
    }
  }
  return mlir::success();
}

//===----------------------------------------------------------------------===//
// Processing
//===----------------------------------------------------------------------===//

/// Parses, checks and emits one buffer (a whole file, or one chunk of a
/// `--split-input-file` run).
mlir::LogicalResult runFrontend(llvm::SourceMgr &sourceMgr, unsigned bufferID,
                                mlir::MLIRContext &context,
                                llvm::raw_ostream &os) {
  std::unique_ptr<frontend::Program> program =
      frontend::parseProgram(sourceMgr, bufferID, context);
  if (!program)
    return mlir::failure();
  if (mlir::failed(frontend::checkProgram(*program, context)))
    return mlir::failure();
  if (checkOnly)
    return mlir::success();
  if (checkGrads) {
    CheckGradsOptions options;
    options.seeds = checkGradsSeeds;
    options.samples = checkGradsSamples;
    options.batch = checkGradsBatch;
    mlir::FailureOr<bool> pass =
        checkGradients(*program, context, options, os);
    return mlir::success(mlir::succeeded(pass) && *pass);
  }
  if (emitPhase == Phase::AST) {
    frontend::dumpProgram(*program, os);
    return mlir::success();
  }
  return compilePastFrontend(*program, context, os);
}

mlir::LogicalResult
processBuffer(std::unique_ptr<llvm::MemoryBuffer> chunk,
              const llvm::MemoryBufferRef &source, llvm::raw_ostream &os,
              mlir::SourceMgrDiagnosticVerifierHandler *verifier) {
  llvm::SourceMgr sourceMgr;
  // A chunk of a split file lies inside the original buffer; registering the
  // original first makes locations refer to the original file and lines, as
  // MlirOptMain does.
  if (chunk->getBufferStart() != source.getBufferStart() ||
      chunk->getBufferSize() != source.getBufferSize())
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(source,
                                         /*RequiresNullTerminator=*/false),
        llvm::SMLoc());
  unsigned bufferID = sourceMgr.AddNewSourceBuffer(std::move(chunk),
                                                   llvm::SMLoc());
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  if (!verifier) {
    frontend::DiagnosticPrinter handler(sourceMgr, &context, errorLimit);
    return runFrontend(sourceMgr, bufferID, context, os);
  }
  // Only the diagnostics matter; the verifier checks them at the end.
  verifier->registerInContext(&context);
  (void)runFrontend(sourceMgr, bufferID, context, os);
  return mlir::success();
}

/// Prints the first line of a command-line error and returns exit code 2.
int badFlags(llvm::StringRef message) {
  llvm::StringRef first = message.trim().split('\n').first;
  llvm::errs() << first << "\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::cl::HideUnrelatedOptions(mdlcCategory);

  std::string cliErrors;
  llvm::raw_string_ostream cliErrorStream(cliErrors);
  if (!llvm::cl::ParseCommandLineOptions(
          argc, argv,
          "mdlc: compile MDL neural-network programs into native "
          "executables\n",
          &cliErrorStream))
    return badFlags(cliErrors);
  std::optional<Phase> phase = parsePhase(emitOption);
  if (!phase) {
    std::string names;
    for (const PhaseInfo &info : getPhases())
      names += (names.empty() ? "" : ", ") + info.name.str();
    llvm::errs() << "mdlc: error: unknown --emit phase '" << emitOption
                 << "' (expected one of " << names << ")\n";
    return 2;
  }
  emitPhase = *phase;
  if (verifyDiagnostics && !checkOnly && emitOption.getNumOccurrences() == 0)
    checkOnly = true; // Diagnostic tests stop after the frontend by default.
  if (splitInputFile && !checkOnly && emitPhase >= Phase::Object) {
    llvm::errs() << "mdlc: error: --split-input-file needs a text --emit "
                    "phase (ast ... asm)\n";
    return 2;
  }
  if (checkGrads && (checkOnly || splitInputFile || verifyDiagnostics ||
                     emitOption.getNumOccurrences() > 0)) {
    llvm::errs() << "mdlc: error: --check-grads takes none of --emit, "
                    "--check, --split-input-file, --verify-diagnostics\n";
    return 2;
  }
  if (checkGrads && (checkGradsSeeds == 0 || checkGradsSamples == 0)) {
    llvm::errs() << "mdlc: error: --check-grads-seeds and "
                    "--check-grads-samples must be at least 1\n";
    return 2;
  }
  registerAllPasses();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputFilename, &errorMessage);
  if (!input) {
    llvm::errs() << "mdlc: error: " << errorMessage << "\n";
    return 1;
  }
  // Objects and executables are written by compilePastFrontend (atomically);
  // text phases go to -o or stdout.
  bool textOutput = checkOnly || checkGrads || emitPhase < Phase::Object;
  std::unique_ptr<llvm::ToolOutputFile> output = mlir::openOutputFile(
      textOutput ? llvm::StringRef(outputFilename) : llvm::StringRef("-"),
      &errorMessage);
  if (!output) {
    llvm::errs() << "mdlc: error: " << errorMessage << "\n";
    return 1;
  }

  // --verify-diagnostics: one verifier over a copy of the whole input, which
  // each chunk's context reports to (as in MlirOptMain).
  llvm::SourceMgr verifySourceMgr;
  mlir::MLIRContext verifyContext(mlir::MLIRContext::Threading::DISABLED);
  std::unique_ptr<mlir::SourceMgrDiagnosticVerifierHandler> verifier;
  if (verifyDiagnostics) {
    verifySourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(input->getBuffer(),
                                             input->getBufferIdentifier()),
        llvm::SMLoc());
    verifier = std::make_unique<mlir::SourceMgrDiagnosticVerifierHandler>(
        verifySourceMgr, &verifyContext);
  }

  auto chunkFn = [&](std::unique_ptr<llvm::MemoryBuffer> chunk,
                     const llvm::MemoryBufferRef &source,
                     llvm::raw_ostream &os) {
    return processBuffer(std::move(chunk), source, os, verifier.get());
  };
  // Outputs of the chunks are separated by the marker only when there is
  // output to separate.
  bool emits = !checkOnly;
  mlir::LogicalResult result = mlir::splitAndProcessBuffer(
      std::move(input), chunkFn, emits ? output->os() : llvm::nulls(),
      splitInputFile ? llvm::StringRef(mlir::kDefaultSplitMarker)
                     : llvm::StringRef(),
      splitInputFile && emits ? llvm::StringRef(mlir::kDefaultSplitMarker)
                              : llvm::StringRef());
  if (verifier)
    result = verifier->verify();
  if (mlir::failed(result))
    return 1;
  output->keep();
  return 0;
}
