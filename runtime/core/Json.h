//===- Json.h - Writing JSON lines and parsing JSON strictly ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The runtime writes JSON (the --log records, safetensors headers) and reads
// it back (safetensors headers of files it did not write). The writer emits
// numbers with enough digits to round-trip a float (%.9g) and `null` for
// NaN and infinities, which JSON cannot spell. The parser is strict RFC 8259
// with bounds: it rejects trailing commas, comments, bad escapes, invalid
// UTF-8, duplicate object keys, nesting deeper than kMaxJsonDepth, and any
// text after the value other than white space.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CORE_JSON_H
#define MDLRT_CORE_JSON_H

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mdlrt {

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

/// Appends `text` as a JSON string literal (quoted, escaped).
void appendJsonString(std::string &out, std::string_view text);

/// Appends `value` with %.9g, or `null` when it is not finite.
void appendJsonNumber(std::string &out, double value);

/// Builds one JSON object, keys in the order they are added.
class JsonObjectWriter {
public:
  JsonObjectWriter &add(std::string_view key, std::string_view value);
  JsonObjectWriter &add(std::string_view key, const char *value) {
    return add(key, std::string_view(value));
  }
  JsonObjectWriter &add(std::string_view key, int64_t value);
  JsonObjectWriter &add(std::string_view key, double value);
  /// Adds already-serialised JSON (an array, a nested object).
  JsonObjectWriter &addRaw(std::string_view key, std::string_view json);

  /// The object text, e.g. {"a":1,"b":"x"}.
  std::string str() const { return text + "}"; }

private:
  void addKey(std::string_view key);
  std::string text = "{";
};

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

constexpr int kMaxJsonDepth = 64;

class JsonValue {
public:
  enum class Kind { Null, Bool, Number, String, Array, Object };
  using Member = std::pair<std::string, JsonValue>;

  Kind kind() const { return valueKind; }
  bool isNull() const { return valueKind == Kind::Null; }
  bool isBool() const { return valueKind == Kind::Bool; }
  bool isNumber() const { return valueKind == Kind::Number; }
  bool isString() const { return valueKind == Kind::String; }
  bool isArray() const { return valueKind == Kind::Array; }
  bool isObject() const { return valueKind == Kind::Object; }
  /// A number written without fraction or exponent that fits in int64.
  bool isInteger() const { return valueKind == Kind::Number && integral; }

  bool asBool() const { return boolean; }
  double asDouble() const { return number; }
  int64_t asInt() const { return integer; }
  const std::string &asString() const { return string; }
  const std::vector<JsonValue> &elements() const { return array; }
  /// Object members in the order they appear in the text.
  const std::vector<Member> &members() const { return object; }
  /// The member named `key`, or nullptr.
  const JsonValue *find(std::string_view key) const;

private:
  friend class JsonParser;
  Kind valueKind = Kind::Null;
  bool boolean = false;
  bool integral = false;
  double number = 0.0;
  int64_t integer = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<Member> object;
};

/// Parses `text` as one JSON value. On failure returns false and sets
/// `error` to a one-line reason that names the byte offset.
bool parseJson(std::string_view text, JsonValue &result, std::string &error);

} // namespace mdlrt

#endif // MDLRT_CORE_JSON_H
