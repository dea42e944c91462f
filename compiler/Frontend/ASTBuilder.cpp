//===- ASTBuilder.cpp - parse tree to AST -----------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements parseProgram(): checks that a buffer is UTF-8 text, lexes it with
// the generated MDLLexer, rejects error tokens and excessive bracket nesting
// before the recursive-descent parser can run out of stack, parses with an
// error strategy that stops at the first syntax error (reported through
// SyntaxErrorListener), then walks the parse tree into AST nodes (AST.h),
// desugaring `x |> f` into calls. Imports are loaded, parsed once and merged.
//
// After a syntax error the parse resumes at the next declaration keyword
// that stands outside all brackets or starts a line and is followed by a
// name (so not the train option `loss = mse`), so independent broken
// declarations each get their error (at most kMaxSyntaxErrors per file); a
// file with any syntax error yields no AST.
//
// This is the only file that includes ANTLR headers. It walks the tree with
// the generated context accessors (typed, no antlrcpp::Any), and is compiled
// with exceptions and RTTI, which the ANTLR runtime needs.
//
//===----------------------------------------------------------------------===//

#include "compiler/Frontend/Diagnostics.h"
#include "compiler/Frontend/Frontend.h"
#include "compiler/Frontend/SyntaxErrorListener.h"

// The ANTLR 4.9 runtime headers are not warning-clean.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdefaulted-function-deleted"
#pragma clang diagnostic ignored "-Wsuggest-override"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wattributes"
#pragma GCC diagnostic ignored "-Wsuggest-override"
#endif
#include "grammar/MDLLexer.h"
#include "grammar/MDLParser.h"
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <functional>
#include <set>
#include <limits>

using namespace mdlc::frontend;
using mdlc::grammar::MDLLexer;
using mdlc::grammar::MDLParser;

namespace {

//===----------------------------------------------------------------------===//
// Source text
//===----------------------------------------------------------------------===//

/// Checks that `text` is UTF-8 without NUL bytes. On failure returns the byte
/// offset of the first bad byte and a message.
std::optional<std::pair<size_t, std::string>>
validateText(llvm::StringRef text) {
  const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
  size_t n = text.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = bytes[i];
    if (c == 0)
      return std::make_pair(
          i, std::string("source contains a NUL byte; expected UTF-8 text"));
    if (c < 0x80) {
      ++i;
      continue;
    }
    unsigned len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0)
        lo = 0xA0;
      if (c == 0xED)
        hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0)
        lo = 0x90;
      if (c == 0xF4)
        hi = 0x8F;
    }
    bool ok = len != 0 && i + len <= n;
    for (unsigned k = 1; ok && k < len; ++k) {
      unsigned char cc = bytes[i + k];
      unsigned char klo = k == 1 ? lo : 0x80, khi = k == 1 ? hi : 0xBF;
      ok = cc >= klo && cc <= khi;
    }
    if (!ok) {
      std::string msg;
      llvm::raw_string_ostream os(msg);
      os << "source is not valid UTF-8: unexpected byte 0x";
      os.write_hex(c);
      return std::make_pair(i, msg);
    }
    i += len;
  }
  return std::nullopt;
}

/// Byte offsets of the code points of a valid UTF-8 text (ANTLR indexes
/// characters by code point; locations count bytes). Empty for ASCII text,
/// where both agree.
std::vector<uint32_t> codePointOffsets(llvm::StringRef text) {
  bool ascii = llvm::all_of(text, [](char c) { return (c & 0x80) == 0; });
  std::vector<uint32_t> offsets;
  if (ascii)
    return offsets;
  offsets.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      offsets.push_back(i);
  offsets.push_back(text.size());
  return offsets;
}

//===----------------------------------------------------------------------===//
// Error strategy
//===----------------------------------------------------------------------===//

/// Reports the first syntax error through the SyntaxErrorListener and then
/// cancels the parse (no recovery, hence no follow-on errors).
class StopAtFirstError : public antlr4::DefaultErrorStrategy {
public:
  using Reporter = std::function<void(antlr4::Token *,
                                      const antlr4::misc::IntervalSet &)>;
  explicit StopAtFirstError(Reporter reporter)
      : reporter(std::move(reporter)) {}

  void reportError(antlr4::Parser *parser,
                   const antlr4::RecognitionException &e) override {
    antlr4::misc::IntervalSet expected;
    try {
      expected = e.getExpectedTokens();
    } catch (...) {
      expected = parser->getExpectedTokens();
    }
    reporter(e.getOffendingToken() ? e.getOffendingToken()
                                   : parser->getCurrentToken(),
             expected);
  }
  void recover(antlr4::Parser *, std::exception_ptr) override {
    throw antlr4::ParseCancellationException();
  }
  antlr4::Token *recoverInline(antlr4::Parser *parser) override {
    reporter(parser->getCurrentToken(), parser->getExpectedTokens());
    throw antlr4::ParseCancellationException();
  }
  void sync(antlr4::Parser *) override {}

private:
  Reporter reporter;
};

//===----------------------------------------------------------------------===//
// Builder
//===----------------------------------------------------------------------===//

/// Raised (as a plain flag, not an exception) once an error was reported:
/// building stops and parseProgram returns nullptr.
struct BuildFailure {};

/// An expression under construction, with the depth of its tree.
struct BuiltExpr {
  std::unique_ptr<Expr> expr;
  unsigned depth = 0;
};

class FileParser;

/// State shared by the parse of the main buffer and of every import.
struct ParseSession {
  llvm::SourceMgr &sourceMgr;
  mlir::MLIRContext &context;
  Program &program;
  /// Canonical paths of files already parsed (each file is parsed once).
  llvm::StringSet<> loaded;
  /// Canonical paths of the files being parsed, outermost first, with their
  /// display names (for cycle messages).
  std::vector<std::pair<std::string, std::string>> importStack;
};

/// Parses one buffer into declarations.
class FileParser {
public:
  FileParser(ParseSession &session, unsigned bufferID)
      : session(session), sourceMgr(session.sourceMgr),
        context(session.context), program(session.program),
        bufferID(bufferID) {
    text = sourceMgr.getMemoryBuffer(bufferID)->getBuffer();
  }

  /// Parses the buffer; appends its declarations (imports expanded) to
  /// `out`. Fails after reporting an error.
  mlir::LogicalResult parse(std::vector<std::unique_ptr<Decl>> &out,
                            bool requireDecls);

private:
  //===--- Locations -----------------------------------------------------===//

  size_t byteOffset(size_t codePointIndex) const {
    if (cpOffsets.empty())
      return std::min(codePointIndex, text.size());
    if (codePointIndex >= cpOffsets.size())
      return text.size();
    return cpOffsets[codePointIndex];
  }

  /// File, line and column of the byte at `offset` of this buffer. When the
  /// buffer lies inside another buffer (a split-input-file chunk), the
  /// enclosing buffer provides the location, as in MLIR's parser.
  void position(size_t offset, mlir::StringAttr &file, unsigned &line,
                unsigned &col) {
    llvm::SMLoc smloc = llvm::SMLoc::getFromPointer(text.data() + offset);
    unsigned id = sourceMgr.FindBufferContainingLoc(smloc);
    if (id == 0)
      id = bufferID;
    auto lc = sourceMgr.getLineAndColumn(smloc, id);
    line = lc.first;
    col = lc.second;
    auto it = fileNames.find(id);
    if (it == fileNames.end()) {
      file = mlir::StringAttr::get(
          &context, sourceMgr.getMemoryBuffer(id)->getBufferIdentifier());
      fileNames[id] = file;
    } else {
      file = it->second;
    }
  }

  SourceRange rangeOfBytes(size_t begin, size_t end) {
    SourceRange r;
    position(begin, r.file, r.line, r.col);
    mlir::StringAttr endFile;
    position(end, endFile, r.endLine, r.endCol);
    return r;
  }

  SourceRange range(antlr4::Token *start, antlr4::Token *stop) {
    size_t begin = byteOffset(start->getStartIndex());
    size_t end = begin;
    if (stop && stop->getType() != antlr4::Token::EOF &&
        stop->getStopIndex() + 1 >= start->getStartIndex())
      end = byteOffset(stop->getStopIndex() + 1);
    return rangeOfBytes(begin, end);
  }
  SourceRange range(antlr4::Token *token) { return range(token, token); }
  SourceRange range(antlr4::ParserRuleContext *ctx) {
    return range(ctx->getStart(), ctx->getStop());
  }
  SourceRange range(antlr4::tree::TerminalNode *node) {
    return range(node->getSymbol());
  }
  mlir::Location locOf(antlr4::Token *token) {
    return rangeLoc(range(token));
  }

  //===--- Errors --------------------------------------------------------===//

  /// Emits an error and marks the parse failed.
  mlir::InFlightDiagnostic error(const SourceRange &r) {
    failed = true;
    return mlir::emitError(rangeLoc(r));
  }

  void reportSyntaxError(antlr4::Token *token,
                         const antlr4::misc::IntervalSet &expected);
  /// The index of the token where the parse should resume after a syntax
  /// error at token `errorIndex`, in a parse that started at `startIndex`;
  /// std::nullopt when there is none.
  std::optional<size_t>
  resumeIndex(const std::vector<antlr4::Token *> &tokens, size_t startIndex,
              size_t errorIndex);
  std::string describeToken(antlr4::Token *token);

  //===--- Lexing checks -------------------------------------------------===//

  mlir::LogicalResult checkTokens(const std::vector<antlr4::Token *> &tokens);

  //===--- Declarations --------------------------------------------------===//

  llvm::StringRef save(llvm::StringRef s) { return program.save(s); }
  llvm::StringRef textOf(antlr4::Token *t) { return save(t->getText()); }

  std::unique_ptr<Decl> buildDecl(MDLParser::DeclContext *ctx);
  std::unique_ptr<Decl> buildImport(MDLParser::ImportDeclContext *ctx);
  std::unique_ptr<Decl> buildModel(MDLParser::ModelDeclContext *ctx);
  std::unique_ptr<Decl> buildDataset(MDLParser::DatasetDeclContext *ctx);
  std::unique_ptr<Decl>
  buildEnvironment(MDLParser::EnvironmentDeclContext *ctx);
  std::unique_ptr<Decl> buildTrain(MDLParser::TrainDeclContext *ctx);
  std::unique_ptr<FuncDecl>
  buildFunc(FuncDecl::FuncKind kind, antlr4::Token *nameTok,
            antlr4::ParserRuleContext *ctx, MDLParser::ParamListContext *params,
            MDLParser::TypeExprContext *type, MDLParser::BlockContext *block);
  std::vector<std::unique_ptr<ParamDecl>>
  buildParams(MDLParser::ParamListContext *ctx);
  std::unique_ptr<TypeExpr> buildType(MDLParser::TypeExprContext *ctx);
  std::vector<Arg> buildArgs(MDLParser::ArgListContext *ctx);

  //===--- Expressions ---------------------------------------------------===//

  std::unique_ptr<Expr> buildTopExpr(MDLParser::ExprContext *ctx);
  BuiltExpr buildExpr(MDLParser::ExprContext *ctx);
  BuiltExpr buildCmp(MDLParser::CmpExprContext *ctx);
  BuiltExpr buildAdd(MDLParser::AddExprContext *ctx);
  BuiltExpr buildMul(MDLParser::MulExprContext *ctx);
  BuiltExpr buildUnary(MDLParser::UnaryExprContext *ctx);
  BuiltExpr buildPostfix(MDLParser::PostfixExprContext *ctx);
  BuiltExpr buildPrimary(MDLParser::PrimaryContext *ctx);
  BuiltExpr buildBinary(BuiltExpr lhs, BuiltExpr rhs, BinaryExpr::Op op,
                        antlr4::Token *opTok);
  BuiltExpr buildCall(antlr4::Token *callee, MDLParser::CallSuffixContext *call,
                      BuiltExpr pipeOperand, SourceRange callRange);
  MDLParser::PostfixExprContext *getPipeTarget(MDLParser::CmpExprContext *ctx);
  bool checkDepth(const BuiltExpr &e);
  std::optional<std::string> decodeString(antlr4::Token *tok);

  //===--- Imports -------------------------------------------------------===//

  mlir::LogicalResult expandImport(ImportDecl *import,
                                   std::vector<std::unique_ptr<Decl>> &out);

  ParseSession &session;
  llvm::SourceMgr &sourceMgr;
  mlir::MLIRContext &context;
  Program &program;
  unsigned bufferID;
  llvm::StringRef text;
  std::vector<uint32_t> cpOffsets;
  llvm::DenseMap<unsigned, mlir::StringAttr> fileNames;
  SyntaxErrorListener listener;
  MDLParser *parser = nullptr;
  /// The token index of the last syntax error reported.
  size_t errorTokenIndex = 0;
  bool failed = false;
};

//===----------------------------------------------------------------------===//
// Syntax errors
//===----------------------------------------------------------------------===//

std::string FileParser::describeToken(antlr4::Token *token) {
  if (!token || token->getType() == antlr4::Token::EOF)
    return "end of file";
  std::string t = token->getText();
  if (t.size() > 32)
    t = t.substr(0, 29) + "...";
  std::string out = "'";
  llvm::raw_string_ostream os(out);
  os.write_escaped(t, /*UseHexEscapes=*/true);
  os << "'";
  return out;
}

void FileParser::reportSyntaxError(antlr4::Token *token,
                                   const antlr4::misc::IntervalSet &expected) {
  failed = true;
  if (token)
    errorTokenIndex = token->getTokenIndex();
  std::vector<size_t> types;
  for (const auto &interval : expected.getIntervals())
    for (ssize_t t = interval.a; t <= interval.b; ++t)
      types.push_back(static_cast<size_t>(t));
  // A std::set: Token::EOF is ~0, DenseSet's reserved empty key.
  std::set<size_t> set(types.begin(), types.end());

  std::vector<std::string> phrases;
  // Summaries of the usual big sets.
  const size_t declStart[] = {MDLParser::IMPORT,      MDLParser::MODEL,
                              MDLParser::DATASET,     MDLParser::ENVIRONMENT,
                              MDLParser::TRAIN,       MDLParser::LOSS,
                              MDLParser::FN};
  const size_t exprStart[] = {MDLParser::INT,    MDLParser::FLOAT,
                              MDLParser::STRING, MDLParser::TRUE,
                              MDLParser::FALSE,  MDLParser::IDENT,
                              MDLParser::LPAREN, MDLParser::MINUS};
  const size_t keywords[] = {
      MDLParser::IMPORT, MDLParser::MODEL,   MDLParser::FORWARD,
      MDLParser::DATASET, MDLParser::ENVIRONMENT, MDLParser::TRAIN,
      MDLParser::ON,     MDLParser::WITH,    MDLParser::LOSS,
      MDLParser::FN,     MDLParser::LET,     MDLParser::RETURN,
      MDLParser::TRUE,   MDLParser::FALSE,   MDLParser::EVERY,
      MDLParser::METRICS};
  auto containsAll = [&](llvm::ArrayRef<size_t> group) {
    return llvm::all_of(group, [&](size_t t) { return set.count(t); });
  };
  auto eraseAll = [&](llvm::ArrayRef<size_t> group) {
    for (size_t t : group)
      set.erase(t);
  };
  // The top-level loop has decided to stop: a declaration was expected.
  if (set.size() == 1 && set.count(antlr4::Token::EOF)) {
    set.erase(antlr4::Token::EOF);
    phrases.push_back("a declaration");
  }
  if (containsAll(declStart)) {
    eraseAll(declStart);
    phrases.push_back("a declaration");
  }
  const size_t exprCore[] = {MDLParser::INT, MDLParser::FLOAT,
                             MDLParser::IDENT, MDLParser::LPAREN};
  if (containsAll(exprCore)) {
    eraseAll(exprStart);
    phrases.push_back("an expression");
  }
  if (containsAll(keywords) && set.count(MDLParser::IDENT)) {
    eraseAll(keywords);
    set.erase(MDLParser::IDENT);
    phrases.push_back("a name");
  }
  const antlr4::dfa::Vocabulary &vocab = parser->getVocabulary();
  for (size_t t : types) {
    if (!set.count(t))
      continue;
    switch (t) {
    case antlr4::Token::EOF:
      phrases.push_back("end of file");
      break;
    case MDLParser::IDENT:
      phrases.push_back("an identifier");
      break;
    case MDLParser::INT:
      phrases.push_back("an integer");
      break;
    case MDLParser::FLOAT:
      phrases.push_back("a number");
      break;
    case MDLParser::STRING:
      phrases.push_back("a string");
      break;
    default: {
      std::string name = vocab.getLiteralName(t);
      if (name.empty())
        name = vocab.getDisplayName(t);
      phrases.push_back(name);
    }
    }
  }
  if (phrases.size() > 4)
    phrases.clear();
  // A comparison where none fits is almost always `a < b < c`.
  switch (token ? token->getType() : 0) {
  case MDLParser::LT:
  case MDLParser::LE:
  case MDLParser::GT:
  case MDLParser::GE:
  case MDLParser::EQ:
  case MDLParser::NE:
    if (!set.count(token->getType())) {
      listener.error(locOf(token), "unexpected " + describeToken(token) +
                                       ": comparisons do not chain; add "
                                       "parentheses");
      return;
    }
    break;
  default:
    break;
  }
  listener.syntaxError(locOf(token), describeToken(token), phrases);
}

//===----------------------------------------------------------------------===//
// Token checks
//===----------------------------------------------------------------------===//

mlir::LogicalResult
FileParser::checkTokens(const std::vector<antlr4::Token *> &tokens) {
  unsigned depth = 0;
  unsigned errors = 0;
  for (antlr4::Token *tok : tokens) {
    if (errors >= kMaxSyntaxErrors)
      break;
    switch (tok->getType()) {
    case MDLLexer::UNKNOWN_CHAR: {
      std::string t = tok->getText();
      std::string msg = "unexpected character '";
      llvm::raw_string_ostream os(msg);
      if (t.size() == 1 && !llvm::isPrint(t[0]))
        os << "\\x" << llvm::format_hex_no_prefix(
                           static_cast<unsigned char>(t[0]), 2);
      else
        os << t;
      os << "'";
      error(range(tok)) << msg;
      ++errors;
      break;
    }
    case MDLLexer::UNTERMINATED_STRING:
      error(range(tok)) << "unterminated string literal";
      ++errors;
      break;
    case MDLLexer::UNTERMINATED_COMMENT:
      error(range(tok)) << "unterminated '/*' comment";
      ++errors;
      break;
    case MDLLexer::LPAREN:
    case MDLLexer::LBRACK:
    case MDLLexer::LBRACE:
      if (++depth > kMaxNestingDepth) {
        error(range(tok)) << "brackets nested too deeply: more than "
                          << kMaxNestingDepth << " levels";
        return mlir::failure();
      }
      break;
    case MDLLexer::RPAREN:
    case MDLLexer::RBRACK:
    case MDLLexer::RBRACE:
      if (depth)
        --depth;
      break;
    default:
      break;
    }
  }
  return mlir::failure(errors != 0);
}

std::optional<size_t>
FileParser::resumeIndex(const std::vector<antlr4::Token *> &tokens,
                        size_t startIndex, size_t errorIndex) {
  unsigned depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    antlr4::Token *tok = tokens[i];
    switch (tok->getType()) {
    case MDLLexer::LPAREN:
    case MDLLexer::LBRACK:
    case MDLLexer::LBRACE:
      ++depth;
      continue;
    case MDLLexer::RPAREN:
    case MDLLexer::RBRACK:
    case MDLLexer::RBRACE:
      if (depth)
        --depth;
      continue;
    case MDLLexer::IMPORT:
    case MDLLexer::MODEL:
    case MDLLexer::DATASET:
    case MDLLexer::ENVIRONMENT:
    case MDLLexer::TRAIN:
    case MDLLexer::LOSS:
    case MDLLexer::FN:
    {
      // Inside brackets (a declaration left open), only a keyword at the
      // start of a line that is followed by a name, as a declaration is:
      // not the train option `loss = mse`.
      bool named = i + 1 < tokens.size() &&
                   tokens[i + 1]->getType() ==
                       (tok->getType() == MDLLexer::IMPORT ? MDLLexer::STRING
                                                           : MDLLexer::IDENT);
      if (i >= errorIndex && i > startIndex &&
          (depth == 0 || (tok->getCharPositionInLine() == 0 && named)))
        return i;
      continue;
    }
    default:
      continue;
    }
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Driver of one buffer
//===----------------------------------------------------------------------===//

mlir::LogicalResult
FileParser::parse(std::vector<std::unique_ptr<Decl>> &out, bool requireDecls) {
  if (auto bad = validateText(text)) {
    error(rangeOfBytes(bad->first, bad->first + 1)) << bad->second;
    return mlir::failure();
  }
  cpOffsets = codePointOffsets(text);

  std::vector<std::unique_ptr<Decl>> decls;
  try {
    antlr4::ANTLRInputStream input(text.data(), text.size());
    MDLLexer lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    if (mlir::failed(checkTokens(tokens.getTokens())))
      return mlir::failure();

    // Parse; after a syntax error, parse again from the next declaration
    // (see resumeIndex) to report the errors of independent declarations.
    // The parser owns its tree, so the last one lives on for building.
    std::unique_ptr<MDLParser> mdlParser;
    MDLParser::ProgramContext *tree = nullptr;
    size_t start = 0;
    for (unsigned syntaxErrors = 0;;) {
      mdlParser = std::make_unique<MDLParser>(&tokens);
      parser = mdlParser.get();
      mdlParser->removeErrorListeners();
      auto strategy = std::make_shared<StopAtFirstError>(
          [this](antlr4::Token *tok, const antlr4::misc::IntervalSet &exp) {
            reportSyntaxError(tok, exp);
          });
      mdlParser->setErrorHandler(strategy);
      tokens.seek(start);
      listener.startParse();
      bool hadError = failed;
      failed = false;
      try {
        tree = mdlParser->program();
      } catch (antlr4::ParseCancellationException &) {
        tree = nullptr;
      }
      bool thisFailed = failed || !tree || listener.hadError();
      failed |= hadError;
      if (!thisFailed)
        break;
      if (!failed) {
        error(rangeOfBytes(0, 0)) << "could not parse the program";
        break;
      }
      std::optional<size_t> next =
          resumeIndex(tokens.getTokens(), start, errorTokenIndex);
      if (++syntaxErrors >= kMaxSyntaxErrors || !next)
        break;
      start = *next;
    }
    if (failed) {
      parser = nullptr;
      return mlir::failure();
    }

    for (MDLParser::DeclContext *d : tree->decl()) {
      std::unique_ptr<Decl> decl = buildDecl(d);
      if (failed || !decl)
        break;
      decls.push_back(std::move(decl));
    }
    parser = nullptr;
  } catch (std::exception &e) {
    parser = nullptr;
    error(rangeOfBytes(0, 0)) << "internal parser error: " << e.what();
    return mlir::failure();
  }
  if (failed)
    return mlir::failure();

  if (requireDecls && decls.empty()) {
    // Point at the first character that is not blank, else the start.
    size_t pos = text.find_first_not_of(" \t\r\n\f");
    if (pos == llvm::StringRef::npos || text.substr(pos).starts_with("//") ||
        text.substr(pos).starts_with("/*"))
      pos = 0;
    error(rangeOfBytes(pos, pos))
        << "empty program: expected a model, dataset, environment, train, "
           "loss or fn declaration";
    return mlir::failure();
  }

  for (auto &decl : decls) {
    auto *import = llvm::dyn_cast<ImportDecl>(decl.get());
    out.push_back(std::move(decl));
    if (import && mlir::failed(expandImport(import, out)))
      return mlir::failure();
  }
  return mlir::success();
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

std::unique_ptr<Decl> FileParser::buildDecl(MDLParser::DeclContext *ctx) {
  if (auto *d = ctx->importDecl())
    return buildImport(d);
  if (auto *d = ctx->modelDecl())
    return buildModel(d);
  if (auto *d = ctx->datasetDecl())
    return buildDataset(d);
  if (auto *d = ctx->environmentDecl())
    return buildEnvironment(d);
  if (auto *d = ctx->trainDecl())
    return buildTrain(d);
  if (auto *d = ctx->lossDecl())
    return buildFunc(FuncDecl::FuncKind::Loss, d->name, d, d->paramList(),
                     d->typeExpr(), d->block());
  if (auto *d = ctx->fnDecl())
    return buildFunc(FuncDecl::FuncKind::Fn, d->name, d, d->paramList(),
                     d->typeExpr(), d->block());
  error(range(ctx)) << "unknown declaration";
  return nullptr;
}

std::unique_ptr<Decl> FileParser::buildImport(MDLParser::ImportDeclContext *ctx) {
  std::optional<std::string> path = decodeString(ctx->path);
  if (!path)
    return nullptr;
  if (path->empty()) {
    error(range(ctx->path)) << "import path must not be empty";
    return nullptr;
  }
  return std::make_unique<ImportDecl>(range(ctx), save(*path),
                                      range(ctx->path));
}

std::unique_ptr<Decl> FileParser::buildModel(MDLParser::ModelDeclContext *ctx) {
  std::vector<std::unique_ptr<ParamDecl>> params;
  if (ctx->paramList())
    params = buildParams(ctx->paramList());
  std::vector<std::unique_ptr<LayerDecl>> layers;
  std::vector<std::unique_ptr<FuncDecl>> forwards;
  for (MDLParser::ModelMemberContext *member : ctx->modelMember()) {
    if (failed)
      return nullptr;
    if (auto *l = member->layerDecl()) {
      std::vector<Arg> args = buildArgs(l->argList());
      layers.push_back(std::make_unique<LayerDecl>(
          range(l), textOf(l->name), range(l->name), textOf(l->ctor),
          range(l->ctor), std::move(args)));
      continue;
    }
    auto *f = member->forwardDecl();
    auto fwd = buildFunc(FuncDecl::FuncKind::Forward, f->FORWARD()->getSymbol(),
                         f, f->paramList(), f->typeExpr(), f->block());
    if (fwd)
      forwards.push_back(std::move(fwd));
  }
  if (failed)
    return nullptr;
  return std::make_unique<ModelDecl>(range(ctx), textOf(ctx->name),
                                     range(ctx->name), std::move(params),
                                     std::move(layers), std::move(forwards));
}

std::unique_ptr<Decl>
FileParser::buildDataset(MDLParser::DatasetDeclContext *ctx) {
  std::vector<Arg> args = buildArgs(ctx->argList());
  if (failed)
    return nullptr;
  return std::make_unique<DatasetDecl>(range(ctx), textOf(ctx->name),
                                       range(ctx->name), textOf(ctx->ctor),
                                       range(ctx->ctor), std::move(args));
}

std::unique_ptr<Decl>
FileParser::buildEnvironment(MDLParser::EnvironmentDeclContext *ctx) {
  std::vector<Arg> args = buildArgs(ctx->argList());
  if (failed)
    return nullptr;
  return std::make_unique<EnvironmentDecl>(range(ctx), textOf(ctx->name),
                                           range(ctx->name), textOf(ctx->ctor),
                                           range(ctx->ctor), std::move(args));
}

std::unique_ptr<Decl> FileParser::buildTrain(MDLParser::TrainDeclContext *ctx) {
  std::optional<std::vector<Arg>> modelArgs;
  if (ctx->LPAREN())
    modelArgs = buildArgs(ctx->argList());
  std::vector<TrainOption> options;
  for (MDLParser::TrainOptionContext *o : ctx->trainOption()) {
    if (failed)
      return nullptr;
    TrainOption opt;
    opt.name = save(o->optionName()->getText());
    opt.range = range(o);
    opt.nameRange = range(o->optionName());
    opt.value = buildTopExpr(o->expr());
    if (auto *every = o->everyClause()) {
      opt.every = buildTopExpr(every->expr());
      opt.everyUnit = textOf(every->unit);
      opt.everyUnitRange = range(every->unit);
    }
    if (auto *metrics = o->metricsClause()) {
      opt.hasMetrics = true;
      opt.metricsRange = range(metrics);
      for (MDLParser::AnyNameContext *m : metrics->anyName())
        opt.metrics.emplace_back(save(m->getText()), range(m));
    }
    options.push_back(std::move(opt));
  }
  if (failed)
    return nullptr;
  llvm::StringRef driver;
  SourceRange driverRange;
  if (ctx->driver) {
    driver = textOf(ctx->driver);
    driverRange = range(ctx->driver);
  }
  return std::make_unique<TrainDecl>(
      range(ctx), textOf(ctx->model), range(ctx->model), std::move(modelArgs),
      textOf(ctx->data), range(ctx->data), driver, driverRange,
      std::move(options));
}

std::unique_ptr<FuncDecl> FileParser::buildFunc(
    FuncDecl::FuncKind kind, antlr4::Token *nameTok,
    antlr4::ParserRuleContext *ctx, MDLParser::ParamListContext *paramsCtx,
    MDLParser::TypeExprContext *typeCtx, MDLParser::BlockContext *block) {
  std::vector<std::unique_ptr<ParamDecl>> params = buildParams(paramsCtx);
  std::unique_ptr<TypeExpr> returnType = buildType(typeCtx);
  std::vector<std::unique_ptr<Stmt>> body;
  for (MDLParser::StmtContext *s : block->stmt()) {
    if (failed)
      return nullptr;
    if (auto *let = s->letStmt()) {
      std::unique_ptr<TypeExpr> type;
      if (let->typeExpr())
        type = buildType(let->typeExpr());
      std::unique_ptr<Expr> value = buildTopExpr(let->expr());
      if (failed)
        return nullptr;
      body.push_back(std::make_unique<LetStmt>(range(let), textOf(let->name),
                                               range(let->name),
                                               std::move(type),
                                               std::move(value)));
      continue;
    }
    auto *ret = s->returnStmt();
    std::unique_ptr<Expr> value = buildTopExpr(ret->expr());
    if (failed)
      return nullptr;
    body.push_back(std::make_unique<ReturnStmt>(range(ret), std::move(value)));
  }
  if (failed)
    return nullptr;
  return std::make_unique<FuncDecl>(range(ctx), kind, textOf(nameTok),
                                    range(nameTok), std::move(params),
                                    std::move(returnType), std::move(body));
}

std::vector<std::unique_ptr<ParamDecl>>
FileParser::buildParams(MDLParser::ParamListContext *ctx) {
  std::vector<std::unique_ptr<ParamDecl>> params;
  for (MDLParser::ParamContext *p : ctx->param()) {
    if (failed)
      break;
    std::unique_ptr<TypeExpr> type = buildType(p->typeExpr());
    std::unique_ptr<Expr> def;
    if (p->expr())
      def = buildTopExpr(p->expr());
    params.push_back(std::make_unique<ParamDecl>(range(p), textOf(p->name),
                                                 std::move(type),
                                                 std::move(def)));
  }
  return params;
}

std::unique_ptr<TypeExpr>
FileParser::buildType(MDLParser::TypeExprContext *ctx) {
  std::vector<std::unique_ptr<Expr>> dims;
  bool hasDims = ctx->dimList() != nullptr;
  if (hasDims)
    for (MDLParser::ExprContext *d : ctx->dimList()->expr())
      dims.push_back(buildTopExpr(d));
  return std::make_unique<TypeExpr>(range(ctx), textOf(ctx->name),
                                    std::move(dims), hasDims);
}

std::vector<Arg> FileParser::buildArgs(MDLParser::ArgListContext *ctx) {
  std::vector<Arg> args;
  if (!ctx)
    return args;
  for (MDLParser::ArgContext *a : ctx->arg()) {
    if (failed)
      break;
    Arg arg;
    if (a->argName) {
      arg.name = save(a->argName->getText());
      arg.nameRange = range(a->argName);
    }
    arg.value = buildTopExpr(a->expr());
    args.push_back(std::move(arg));
  }
  return args;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

bool FileParser::checkDepth(const BuiltExpr &e) {
  if (failed)
    return false;
  if (e.depth > kMaxExpressionDepth) {
    error(e.expr->getRange())
        << "expression nested too deeply: more than " << kMaxExpressionDepth
        << " levels";
    return false;
  }
  return true;
}

std::unique_ptr<Expr> FileParser::buildTopExpr(MDLParser::ExprContext *ctx) {
  if (failed)
    return nullptr;
  BuiltExpr e = buildExpr(ctx);
  if (failed)
    return nullptr;
  return std::move(e.expr);
}

MDLParser::PostfixExprContext *
FileParser::getPipeTarget(MDLParser::CmpExprContext *ctx) {
  if (ctx->op || ctx->addExpr().size() != 1)
    return nullptr;
  auto *add = ctx->addExpr(0);
  if (!add->ops.empty() || add->mulExpr().size() != 1)
    return nullptr;
  auto *mul = add->mulExpr(0);
  if (!mul->ops.empty() || mul->unaryExpr().size() != 1)
    return nullptr;
  auto *unary = mul->unaryExpr(0);
  if (!unary->MINUS().empty())
    return nullptr;
  auto *postfix = unary->postfixExpr();
  if (!postfix->primary()->IDENT() || postfix->callSuffix().size() > 1)
    return nullptr;
  return postfix;
}

BuiltExpr FileParser::buildExpr(MDLParser::ExprContext *ctx) {
  std::vector<MDLParser::CmpExprContext *> parts = ctx->cmpExpr();
  BuiltExpr cur = buildCmp(parts[0]);
  for (size_t i = 1; i < parts.size() && !failed; ++i) {
    MDLParser::PostfixExprContext *target = getPipeTarget(parts[i]);
    if (!target) {
      error(range(parts[i]))
          << "the right-hand side of '|>' must be a function or layer name, "
             "or a call such as 'f(a)'";
      return {};
    }
    MDLParser::CallSuffixContext *suffix =
        target->callSuffix().empty() ? nullptr : target->callSuffix(0);
    cur = buildCall(target->primary()->IDENT()->getSymbol(), suffix,
                    std::move(cur), range(target));
    if (!checkDepth(cur))
      return {};
  }
  return cur;
}

BuiltExpr FileParser::buildBinary(BuiltExpr lhs, BuiltExpr rhs,
                                  BinaryExpr::Op op, antlr4::Token *opTok) {
  if (failed || !lhs.expr || !rhs.expr)
    return {};
  SourceRange r = joinRanges(lhs.expr->getRange(), rhs.expr->getRange());
  BuiltExpr out;
  out.depth = std::max(lhs.depth, rhs.depth) + 1;
  out.expr = std::make_unique<BinaryExpr>(r, op, range(opTok),
                                          std::move(lhs.expr),
                                          std::move(rhs.expr));
  checkDepth(out);
  return out;
}

BuiltExpr FileParser::buildCmp(MDLParser::CmpExprContext *ctx) {
  BuiltExpr lhs = buildAdd(ctx->addExpr(0));
  if (!ctx->op || failed)
    return lhs;
  BuiltExpr rhs = buildAdd(ctx->addExpr(1));
  BinaryExpr::Op op;
  switch (ctx->op->getType()) {
  case MDLParser::LT:
    op = BinaryExpr::Op::Lt;
    break;
  case MDLParser::LE:
    op = BinaryExpr::Op::Le;
    break;
  case MDLParser::GT:
    op = BinaryExpr::Op::Gt;
    break;
  case MDLParser::GE:
    op = BinaryExpr::Op::Ge;
    break;
  case MDLParser::EQ:
    op = BinaryExpr::Op::Eq;
    break;
  default:
    op = BinaryExpr::Op::Ne;
    break;
  }
  return buildBinary(std::move(lhs), std::move(rhs), op, ctx->op);
}

BuiltExpr FileParser::buildAdd(MDLParser::AddExprContext *ctx) {
  std::vector<MDLParser::MulExprContext *> operands = ctx->mulExpr();
  BuiltExpr cur = buildMul(operands[0]);
  for (size_t i = 1; i < operands.size() && !failed; ++i) {
    antlr4::Token *opTok = ctx->ops[i - 1];
    BinaryExpr::Op op = opTok->getType() == MDLParser::PLUS
                            ? BinaryExpr::Op::Add
                            : BinaryExpr::Op::Sub;
    cur = buildBinary(std::move(cur), buildMul(operands[i]), op, opTok);
  }
  return cur;
}

BuiltExpr FileParser::buildMul(MDLParser::MulExprContext *ctx) {
  std::vector<MDLParser::UnaryExprContext *> operands = ctx->unaryExpr();
  BuiltExpr cur = buildUnary(operands[0]);
  for (size_t i = 1; i < operands.size() && !failed; ++i) {
    antlr4::Token *opTok = ctx->ops[i - 1];
    BinaryExpr::Op op;
    switch (opTok->getType()) {
    case MDLParser::STAR:
      op = BinaryExpr::Op::Mul;
      break;
    case MDLParser::SLASH:
      op = BinaryExpr::Op::Div;
      break;
    case MDLParser::PERCENT:
      op = BinaryExpr::Op::Rem;
      break;
    default:
      op = BinaryExpr::Op::MatMul;
      break;
    }
    cur = buildBinary(std::move(cur), buildUnary(operands[i]), op, opTok);
  }
  return cur;
}

BuiltExpr FileParser::buildUnary(MDLParser::UnaryExprContext *ctx) {
  BuiltExpr cur = buildPostfix(ctx->postfixExpr());
  std::vector<antlr4::tree::TerminalNode *> minuses = ctx->MINUS();
  for (size_t i = minuses.size(); i-- > 0 && !failed && cur.expr;) {
    SourceRange r = joinRanges(range(minuses[i]), cur.expr->getRange());
    cur.expr = std::make_unique<UnaryExpr>(r, UnaryExpr::Op::Neg,
                                           std::move(cur.expr));
    ++cur.depth;
    if (!checkDepth(cur))
      return {};
  }
  return cur;
}

BuiltExpr FileParser::buildPostfix(MDLParser::PostfixExprContext *ctx) {
  std::vector<MDLParser::CallSuffixContext *> suffixes = ctx->callSuffix();
  if (suffixes.empty())
    return buildPrimary(ctx->primary());
  if (!ctx->primary()->IDENT()) {
    error(range(ctx->primary())) << "only a name can be called";
    return {};
  }
  if (suffixes.size() > 1) {
    error(range(suffixes[1]))
        << "the result of a call cannot be called again";
    return {};
  }
  return buildCall(ctx->primary()->IDENT()->getSymbol(), suffixes[0], {},
                   range(ctx));
}

BuiltExpr FileParser::buildCall(antlr4::Token *callee,
                                MDLParser::CallSuffixContext *call,
                                BuiltExpr pipeOperand, SourceRange callRange) {
  std::vector<Arg> args;
  unsigned depth = 0;
  bool pipe = pipeOperand.expr != nullptr;
  if (pipe) {
    Arg first;
    depth = pipeOperand.depth;
    first.value = std::move(pipeOperand.expr);
    args.push_back(std::move(first));
  }
  if (call && call->argList()) {
    for (MDLParser::ArgContext *a : call->argList()->arg()) {
      if (failed)
        return {};
      Arg arg;
      if (a->argName) {
        arg.name = save(a->argName->getText());
        arg.nameRange = range(a->argName);
      }
      BuiltExpr value = buildExpr(a->expr());
      if (failed)
        return {};
      depth = std::max(depth, value.depth);
      arg.value = std::move(value.expr);
      args.push_back(std::move(arg));
    }
  }
  BuiltExpr out;
  out.depth = depth + 1;
  out.expr = std::make_unique<CallExpr>(callRange, textOf(callee),
                                        range(callee), std::move(args), pipe);
  checkDepth(out);
  return out;
}

std::optional<std::string> FileParser::decodeString(antlr4::Token *tok) {
  std::string raw = tok->getText();
  llvm::StringRef body = llvm::StringRef(raw).drop_front().drop_back();
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    char e = i + 1 < body.size() ? body[++i] : '\\';
    switch (e) {
    case 'n':
      out.push_back('\n');
      break;
    case 't':
      out.push_back('\t');
      break;
    case 'r':
      out.push_back('\r');
      break;
    case '\\':
    case '"':
      out.push_back(e);
      break;
    default:
      error(range(tok)) << "unknown escape sequence '\\" << e
                        << "' in string literal";
      return std::nullopt;
    }
  }
  return out;
}

BuiltExpr FileParser::buildPrimary(MDLParser::PrimaryContext *ctx) {
  BuiltExpr out;
  out.depth = 1;
  if (auto *node = ctx->INT()) {
    std::string t = node->getText();
    int64_t value;
    if (llvm::StringRef(t).getAsInteger(10, value)) {
      error(range(node)) << "integer literal '" << t
                         << "' is too large: the largest is "
                         << std::numeric_limits<int64_t>::max();
      return {};
    }
    out.expr = std::make_unique<IntLitExpr>(range(node), value);
    return out;
  }
  if (auto *node = ctx->FLOAT()) {
    std::string t = node->getText();
    errno = 0;
    double value = std::strtod(t.c_str(), nullptr);
    if (!std::isfinite(value) || (errno == ERANGE && std::fabs(value) > 1.0)) {
      error(range(node)) << "floating-point literal '" << t
                         << "' is out of range";
      return {};
    }
    out.expr = std::make_unique<FloatLitExpr>(range(node), value);
    return out;
  }
  if (auto *node = ctx->STRING()) {
    std::optional<std::string> s = decodeString(node->getSymbol());
    if (!s)
      return {};
    out.expr = std::make_unique<StringLitExpr>(range(node), save(*s));
    return out;
  }
  if (auto *node = ctx->TRUE()) {
    out.expr = std::make_unique<BoolLitExpr>(range(node), true);
    return out;
  }
  if (auto *node = ctx->FALSE()) {
    out.expr = std::make_unique<BoolLitExpr>(range(node), false);
    return out;
  }
  if (auto *node = ctx->IDENT()) {
    out.expr = std::make_unique<NameExpr>(range(node), textOf(node->getSymbol()));
    return out;
  }
  // Parenthesised expression: no node of its own.
  return buildExpr(ctx->expr());
}

//===----------------------------------------------------------------------===//
// Imports
//===----------------------------------------------------------------------===//

/// The canonical path of `path`, or `path` itself when it does not exist.
std::string canonicalPath(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real))
    return std::string(real);
  return path.str();
}

mlir::LogicalResult
FileParser::expandImport(ImportDecl *import,
                         std::vector<std::unique_ptr<Decl>> &out) {
  // Resolve relative to the file that contains the import.
  llvm::StringRef importer = import->getRange().file.getValue();
  llvm::SmallString<256> path;
  if (llvm::sys::path::is_absolute(import->getPath())) {
    path = import->getPath();
  } else {
    if (importer != "<stdin>" && importer != "-")
      path = llvm::sys::path::parent_path(importer);
    llvm::sys::path::append(path, import->getPath());
  }
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  import->setResolvedPath(save(path));

  std::string canonical = canonicalPath(path);
  for (size_t i = 0; i < session.importStack.size(); ++i) {
    if (session.importStack[i].first != canonical)
      continue;
    std::string cycle;
    for (size_t j = i; j < session.importStack.size(); ++j)
      cycle += session.importStack[j].second + " -> ";
    cycle += llvm::sys::path::filename(path).str();
    error(import->getPathRange()) << "import cycle: " << cycle;
    return mlir::failure();
  }
  if (!session.loaded.insert(canonical).second)
    return mlir::success(); // Already parsed once; its declarations are in.

  // Only regular files: reading a device or FIFO (`/dev/zero`, `/dev/stdin`)
  // would never end.
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      !llvm::sys::fs::is_regular_file(status)) {
    error(import->getPathRange())
        << "cannot import '" << import->getPath() << "': "
        << (llvm::sys::fs::is_directory(status) ? "it is a folder"
                                                : "not a regular file");
    return mlir::failure();
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (std::error_code ec = buffer.getError()) {
    error(import->getPathRange())
        << "cannot open imported file '" << import->getPath()
        << "': " << ec.message();
    return mlir::failure();
  }
  unsigned id = sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());

  session.importStack.emplace_back(canonical,
                                   llvm::sys::path::filename(path).str());
  FileParser sub(session, id);
  mlir::LogicalResult result = sub.parse(out, /*requireDecls=*/false);
  session.importStack.pop_back();
  return result;
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

std::unique_ptr<Program>
mdlc::frontend::parseProgram(llvm::SourceMgr &sourceMgr, unsigned bufferID,
                             mlir::MLIRContext &context) {
  auto program = std::make_unique<Program>();
  ParseSession session{sourceMgr, context, *program, {}, {}};

  // The identity of the main file, for cycle detection.
  const llvm::MemoryBuffer *main = sourceMgr.getMemoryBuffer(bufferID);
  llvm::SMLoc start = llvm::SMLoc::getFromPointer(main->getBufferStart());
  unsigned outer = sourceMgr.FindBufferContainingLoc(start);
  llvm::StringRef mainName =
      sourceMgr.getMemoryBuffer(outer ? outer : bufferID)
          ->getBufferIdentifier();
  std::string canonical = canonicalPath(mainName);
  session.loaded.insert(canonical);
  session.importStack.emplace_back(canonical,
                                   llvm::sys::path::filename(mainName).str());

  std::vector<std::unique_ptr<Decl>> decls;
  FileParser parser(session, bufferID);
  if (mlir::failed(parser.parse(decls, /*requireDecls=*/true)))
    return nullptr;
  for (auto &decl : decls)
    program->addDecl(std::move(decl));
  return program;
}
