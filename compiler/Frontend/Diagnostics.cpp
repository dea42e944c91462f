//===- Diagnostics.cpp - clang-style printing of MDL diagnostics ----------===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements rangeLoc(), fixItLoc() and DiagnosticPrinter: a
// SourceMgrDiagnosticHandler whose handler prints diagnostics with ranges or
// fix-its through llvm::SourceMgr::PrintMessage (which draws `^~~~` and the
// fix-it line) and hands every other diagnostic to the base class unchanged.
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"

using namespace mdlc::frontend;

static constexpr llvm::StringLiteral kFixItPrefix = "fix-it:";

mlir::Location mdlc::frontend::rangeLoc(const SourceRange &range) {
  if (range.endLine == range.line && range.endCol > range.col + 1)
    return mlir::FileLineColRange::get(range.file, range.line, range.col,
                                       range.endCol);
  return loc(range);
}

static constexpr llvm::StringLiteral kRangesTag = "mdl.ranges";

mlir::Location mdlc::frontend::rangeLoc(const SourceRange &range,
                                        llvm::ArrayRef<SourceRange> highlights) {
  llvm::SmallVector<mlir::Location, 3> locs = {rangeLoc(range)};
  for (const SourceRange &h : highlights)
    locs.push_back(mlir::FileLineColRange::get(h.file, h.line, h.col,
                                               h.endLine, h.endCol));
  mlir::MLIRContext *ctx = range.file.getContext();
  return mlir::FusedLoc::get(locs, mlir::StringAttr::get(ctx, kRangesTag),
                             ctx);
}

mlir::Location mdlc::frontend::fixItLoc(const SourceRange &range,
                                        llvm::StringRef replacement) {
  mlir::MLIRContext *ctx = range.file.getContext();
  return mlir::NameLoc::get(
      mlir::StringAttr::get(ctx, kFixItPrefix + replacement),
      rangeLoc(range));
}

namespace {

/// A location that DiagnosticPrinter draws itself: a file range, with the
/// replacement text of a fix-it, or more ranges to underline.
struct RangeInfo {
  mlir::FileLineColRange range;
  std::optional<std::string> fixIt;
  llvm::SmallVector<mlir::FileLineColRange, 2> highlights;
};

std::optional<RangeInfo> getRangeInfo(mlir::Location loc) {
  RangeInfo info;
  if (auto fused = llvm::dyn_cast<mlir::FusedLoc>(loc)) {
    auto tag = llvm::dyn_cast_or_null<mlir::StringAttr>(fused.getMetadata());
    if (!tag || tag.getValue() != kRangesTag || fused.getLocations().empty())
      return std::nullopt;
    for (mlir::Location h : fused.getLocations().drop_front())
      if (auto r = llvm::dyn_cast<mlir::FileLineColRange>(h))
        info.highlights.push_back(r);
    loc = fused.getLocations().front();
  }
  if (auto name = llvm::dyn_cast<mlir::NameLoc>(loc)) {
    llvm::StringRef text = name.getName().getValue();
    if (!text.starts_with(kFixItPrefix))
      return std::nullopt;
    info.fixIt = text.drop_front(kFixItPrefix.size()).str();
    loc = name.getChildLoc();
  }
  auto range = llvm::dyn_cast<mlir::FileLineColRange>(loc);
  if (!range || range.getStartLine() == 0 || range.getStartColumn() == 0)
    return std::nullopt;
  // A single position needs no drawing of ours, unless it carries a fix-it.
  if (!info.fixIt && info.highlights.empty() &&
      mlir::isStrictFileLineColLoc(loc))
    return std::nullopt;
  info.range = range;
  return info;
}

llvm::SourceMgr::DiagKind getDiagKind(mlir::DiagnosticSeverity severity) {
  switch (severity) {
  case mlir::DiagnosticSeverity::Note:
    return llvm::SourceMgr::DK_Note;
  case mlir::DiagnosticSeverity::Warning:
    return llvm::SourceMgr::DK_Warning;
  case mlir::DiagnosticSeverity::Error:
    return llvm::SourceMgr::DK_Error;
  case mlir::DiagnosticSeverity::Remark:
    return llvm::SourceMgr::DK_Remark;
  }
  llvm_unreachable("unknown diagnostic severity");
}

} // namespace

DiagnosticPrinter::DiagnosticPrinter(llvm::SourceMgr &mgr,
                                     mlir::MLIRContext *ctx,
                                     llvm::raw_ostream &os,
                                     unsigned errorLimit)
    : SourceMgrDiagnosticHandler(mgr, ctx, os), errorLimit(errorLimit) {
  // Replaces the handler the base class registered.
  setHandler([this](mlir::Diagnostic &diag) { print(diag); });
}

DiagnosticPrinter::DiagnosticPrinter(llvm::SourceMgr &mgr,
                                     mlir::MLIRContext *ctx,
                                     unsigned errorLimit)
    : DiagnosticPrinter(mgr, ctx, llvm::errs(), errorLimit) {}

void DiagnosticPrinter::print(mlir::Diagnostic &diag) {
  if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
    ++numErrors;
    if (errorLimit != 0 && numErrors > errorLimit && !limitReached) {
      limitReached = true;
      llvm::SMDiagnostic("", llvm::SourceMgr::DK_Error,
                         "too many errors emitted, stopping now; use "
                         "--error-limit=0 to see them all")
          .print("mdlc", os);
    }
  }
  if (limitReached)
    return;

  bool drawn = getRangeInfo(diag.getLocation()).has_value();
  for (const mlir::Diagnostic &note : diag.getNotes())
    drawn |= getRangeInfo(note.getLocation()).has_value();
  if (!drawn)
    return emitDiagnostic(diag);

  // Same layout as the base class: the message, then each note, showing the
  // source line again only where the location changes.
  mlir::Location loc = diag.getLocation();
  if (!printWithRange(loc, diag.str(), diag.getSeverity()))
    emitDiagnostic(loc, diag.str(), diag.getSeverity());
  mlir::Location prev = loc;
  for (mlir::Diagnostic &note : diag.getNotes()) {
    mlir::Location noteLoc = note.getLocation();
    if (noteLoc == prev || !printWithRange(noteLoc, note.str(),
                                           note.getSeverity()))
      emitDiagnostic(noteLoc, note.str(), note.getSeverity(),
                     /*displaySourceLine=*/noteLoc != prev);
    prev = noteLoc;
  }
}

bool DiagnosticPrinter::printWithRange(mlir::Location loc,
                                       const llvm::Twine &message,
                                       mlir::DiagnosticSeverity severity) {
  std::optional<RangeInfo> info = getRangeInfo(loc);
  if (!info)
    return false;
  // The buffer is the first one of the SourceMgr with the file's name (a
  // split-input-file chunk reports locations in the whole file).
  llvm::StringRef file = info->range.getFilename().getValue();
  unsigned bufferID = 0;
  for (unsigned i = 1, e = mgr.getNumBuffers() + 1; i != e && !bufferID; ++i)
    if (mgr.getMemoryBuffer(i)->getBufferIdentifier() == file)
      bufferID = i;
  if (!bufferID)
    return false;
  llvm::SMLoc start = mgr.FindLocForLineAndColumn(
      bufferID, info->range.getStartLine(), info->range.getStartColumn());
  if (!start.isValid())
    return false;
  llvm::SMLoc end = mgr.FindLocForLineAndColumn(
      bufferID, info->range.getEndLine(), info->range.getEndColumn());
  if (!end.isValid() || end.getPointer() < start.getPointer())
    end = start;
  llvm::SmallVector<llvm::SMRange, 3> ranges;
  if (end.getPointer() > start.getPointer() + 1)
    ranges.emplace_back(start, end);
  for (mlir::FileLineColRange h : info->highlights) {
    if (h.getFilename() != info->range.getFilename())
      continue;
    llvm::SMLoc hStart = mgr.FindLocForLineAndColumn(
        bufferID, h.getStartLine(), h.getStartColumn());
    llvm::SMLoc hEnd = mgr.FindLocForLineAndColumn(bufferID, h.getEndLine(),
                                                   h.getEndColumn());
    if (hStart.isValid() && hEnd.isValid() &&
        hEnd.getPointer() > hStart.getPointer())
      ranges.emplace_back(hStart, hEnd);
  }
  llvm::SmallVector<llvm::SMFixIt, 1> fixIts;
  if (info->fixIt)
    fixIts.emplace_back(llvm::SMRange(start, end), *info->fixIt);
  mgr.PrintMessage(os, start, getDiagKind(severity), message, ranges, fixIts);
  return true;
}
