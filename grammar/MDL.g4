//===- MDL.g4 - the MDL language grammar -------------------*- ANTLR -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// One combined ANTLR4 grammar for `.mdl` files (see docs/language.md). The
// C++ lexer and parser are generated at build time with
// `-Dlanguage=Cpp -visitor -no-listener -package mdlc::grammar`; nothing
// generated is committed. The grammar has no embedded actions: every
// semantic rule lives in compiler/Frontend.
//
// Statements and declarations need no separators: no expression can be
// followed directly by an identifier or keyword, so a newline is ordinary
// whitespace. Operator precedence, lowest first:
//   |>                    left-assoc   (x |> f  is  f(x))
//   < <= > >= == !=       non-assoc
//   + -                   left-assoc
//   * / % @               left-assoc
//   unary -               prefix
//   call f(...)           postfix
// Nesting of ( [ { is bounded by the frontend before parsing, so the
// recursive-descent parser never runs out of stack.
//===----------------------------------------------------------------------===//
grammar MDL;

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

program : decl* EOF ;

decl
  : importDecl
  | modelDecl
  | datasetDecl
  | environmentDecl
  | trainDecl
  | lossDecl
  | fnDecl
  ;

importDecl      : IMPORT path=STRING ;

modelDecl       : MODEL name=IDENT paramList? LBRACE modelMember* RBRACE ;
modelMember     : layerDecl | forwardDecl ;
layerDecl       : name=IDENT ASSIGN ctor=IDENT LPAREN argList? RPAREN ;
forwardDecl     : FORWARD paramList ARROW typeExpr block ;

datasetDecl     : DATASET name=IDENT ASSIGN ctor=IDENT LPAREN argList? RPAREN ;
environmentDecl : ENVIRONMENT name=IDENT ASSIGN ctor=IDENT LPAREN argList? RPAREN ;

trainDecl
  : TRAIN model=IDENT (LPAREN argList? RPAREN)? ON data=IDENT
    (WITH driver=IDENT)? LBRACE trainOption* RBRACE
  ;
trainOption     : optionName ASSIGN expr everyClause? metricsClause? ;
optionName      : anyName ;
everyClause     : EVERY expr unit=IDENT ;
metricsClause   : METRICS LBRACK (anyName (COMMA anyName)* COMMA?)? RBRACK ;

lossDecl        : LOSS name=IDENT paramList ARROW typeExpr block ;
fnDecl          : FN name=IDENT paramList ARROW typeExpr block ;

paramList       : LPAREN (param (COMMA param)* COMMA?)? RPAREN ;
param           : name=IDENT COLON typeExpr (ASSIGN expr)? ;

//===----------------------------------------------------------------------===//
// Types: `int`, `float`, `bool`, a model name, `f32`, `f32[B, 4]`
//===----------------------------------------------------------------------===//

typeExpr        : name=IDENT (LBRACK dimList RBRACK)? ;
dimList         : expr (COMMA expr)* COMMA? ;

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

block           : LBRACE stmt* RBRACE ;
stmt            : letStmt | returnStmt ;
letStmt         : LET name=IDENT (COLON typeExpr)? ASSIGN expr ;
returnStmt      : RETURN expr ;

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

expr            : cmpExpr (PIPE cmpExpr)* ;
cmpExpr         : addExpr (op=(LT | LE | GT | GE | EQ | NE) addExpr)? ;
addExpr         : mulExpr (ops+=(PLUS | MINUS) mulExpr)* ;
mulExpr         : unaryExpr (ops+=(STAR | SLASH | PERCENT | AT) unaryExpr)* ;
unaryExpr       : MINUS* postfixExpr ;
postfixExpr     : primary callSuffix* ;
callSuffix      : LPAREN argList? RPAREN ;
primary
  : INT
  | FLOAT
  | STRING
  | TRUE
  | FALSE
  | IDENT
  | LPAREN expr RPAREN
  ;

argList         : arg (COMMA arg)* COMMA? ;
arg             : (argName=anyName COLON)? expr ;

// Argument and option names may be keywords (`loss = ...`, `from: 1.0`).
anyName
  : IDENT | IMPORT | MODEL | FORWARD | DATASET | ENVIRONMENT | TRAIN | ON
  | WITH | LOSS | FN | LET | RETURN | TRUE | FALSE | EVERY | METRICS
  ;

//===----------------------------------------------------------------------===//
// Lexer
//===----------------------------------------------------------------------===//

IMPORT      : 'import' ;
MODEL       : 'model' ;
FORWARD     : 'forward' ;
DATASET     : 'dataset' ;
ENVIRONMENT : 'environment' ;
TRAIN       : 'train' ;
ON          : 'on' ;
WITH        : 'with' ;
LOSS        : 'loss' ;
FN          : 'fn' ;
LET         : 'let' ;
RETURN      : 'return' ;
TRUE        : 'true' ;
FALSE       : 'false' ;
EVERY       : 'every' ;
METRICS     : 'metrics' ;

PIPE        : '|>' ;
ARROW       : '->' ;
LE          : '<=' ;
GE          : '>=' ;
EQ          : '==' ;
NE          : '!=' ;
LT          : '<' ;
GT          : '>' ;
ASSIGN      : '=' ;
PLUS        : '+' ;
MINUS       : '-' ;
STAR        : '*' ;
SLASH       : '/' ;
PERCENT     : '%' ;
AT          : '@' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
LBRACK      : '[' ;
RBRACK      : ']' ;
LBRACE      : '{' ;
RBRACE      : '}' ;
COMMA       : ',' ;
COLON       : ':' ;

FLOAT       : DIGIT+ '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT ;
INT         : DIGIT+ ;
IDENT       : [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING      : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n\f\uFEFF]+ -> skip ;

// Error tokens: never accepted by the parser; the frontend reports them with
// a precise message before parsing starts.
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;
UNKNOWN_CHAR         : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
