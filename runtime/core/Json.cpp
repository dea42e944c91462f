//===- Json.cpp - Writing JSON lines and parsing JSON strictly --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A recursive-descent parser over a string_view. Every read is checked
// against the end of the text; recursion is bounded by kMaxJsonDepth, so a
// hostile header cannot overflow the stack.
//
//===----------------------------------------------------------------------===//

#include "core/Json.h"

#include "core/Error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace mdlrt {

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

void appendJsonString(std::string &out, std::string_view text) {
  out += '"';
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (byte < 0x20)
        out += formatString("\\u%04x", byte);
      else
        out += c;
    }
  }
  out += '"';
}

void appendJsonNumber(std::string &out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  out += formatString("%.9g", value);
}

void JsonObjectWriter::addKey(std::string_view key) {
  if (text.size() > 1)
    text += ',';
  appendJsonString(text, key);
  text += ':';
}

JsonObjectWriter &JsonObjectWriter::add(std::string_view key,
                                        std::string_view value) {
  addKey(key);
  appendJsonString(text, value);
  return *this;
}

JsonObjectWriter &JsonObjectWriter::add(std::string_view key, int64_t value) {
  addKey(key);
  text += std::to_string(value);
  return *this;
}

JsonObjectWriter &JsonObjectWriter::add(std::string_view key, double value) {
  addKey(key);
  appendJsonNumber(text, value);
  return *this;
}

JsonObjectWriter &JsonObjectWriter::addRaw(std::string_view key,
                                           std::string_view json) {
  addKey(key);
  text += json;
  return *this;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

const JsonValue *JsonValue::find(std::string_view key) const {
  for (const Member &member : object)
    if (member.first == key)
      return &member.second;
  return nullptr;
}

class JsonParser {
public:
  explicit JsonParser(std::string_view text) : text(text) {}

  bool parseDocument(JsonValue &result) {
    skipSpace();
    if (!parseValue(result, 0))
      return false;
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after the JSON value");
    return true;
  }

  std::string error;

private:
  bool fail(const std::string &reason) {
    if (error.empty())
      error = formatString("at byte %zu: ", pos) + reason;
    return false;
  }

  bool atEnd() const { return pos >= text.size(); }
  char peek() const { return text[pos]; }

  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' ||
                        peek() == '\r'))
      ++pos;
  }

  bool consumeWord(std::string_view word) {
    if (text.substr(pos, word.size()) != word)
      return fail("invalid literal");
    pos += word.size();
    return true;
  }

  bool parseValue(JsonValue &value, int depth) {
    if (atEnd())
      return fail("unexpected end of text");
    switch (peek()) {
    case '{':
      return parseObject(value, depth + 1);
    case '[':
      return parseArray(value, depth + 1);
    case '"':
      value.valueKind = JsonValue::Kind::String;
      return parseString(value.string);
    case 't':
      value.valueKind = JsonValue::Kind::Bool;
      value.boolean = true;
      return consumeWord("true");
    case 'f':
      value.valueKind = JsonValue::Kind::Bool;
      value.boolean = false;
      return consumeWord("false");
    case 'n':
      value.valueKind = JsonValue::Kind::Null;
      return consumeWord("null");
    default:
      if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
        return parseNumber(value);
      return fail(formatString("unexpected character 0x%02x",
                               static_cast<unsigned char>(peek())));
    }
  }

  bool parseObject(JsonValue &value, int depth) {
    if (depth > kMaxJsonDepth)
      return fail("nesting is too deep");
    value.valueKind = JsonValue::Kind::Object;
    ++pos; // '{'
    skipSpace();
    if (!atEnd() && peek() == '}') {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (atEnd() || peek() != '"')
        return fail("expected a string key");
      std::string key;
      if (!parseString(key))
        return false;
      skipSpace();
      if (atEnd() || peek() != ':')
        return fail("expected ':' after an object key");
      ++pos;
      skipSpace();
      value.object.emplace_back(std::move(key), JsonValue());
      if (!parseValue(value.object.back().second, depth))
        return false;
      skipSpace();
      if (atEnd())
        return fail("unterminated object");
      if (peek() == ',') {
        ++pos;
        continue;
      }
      if (peek() == '}') {
        ++pos;
        break;
      }
      return fail("expected ',' or '}' in an object");
    }
    return checkUniqueKeys(value);
  }

  bool checkUniqueKeys(const JsonValue &value) {
    std::vector<const std::string *> keys;
    keys.reserve(value.object.size());
    for (const JsonValue::Member &member : value.object)
      keys.push_back(&member.first);
    std::sort(
        keys.begin(), keys.end(),
        [](const std::string *a, const std::string *b) { return *a < *b; });
    for (size_t i = 1; i < keys.size(); ++i)
      if (*keys[i] == *keys[i - 1])
        return fail("duplicate object key \"" + *keys[i] + "\"");
    return true;
  }

  bool parseArray(JsonValue &value, int depth) {
    if (depth > kMaxJsonDepth)
      return fail("nesting is too deep");
    value.valueKind = JsonValue::Kind::Array;
    ++pos; // '['
    skipSpace();
    if (!atEnd() && peek() == ']') {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      value.array.emplace_back();
      if (!parseValue(value.array.back(), depth))
        return false;
      skipSpace();
      if (atEnd())
        return fail("unterminated array");
      if (peek() == ',') {
        ++pos;
        continue;
      }
      if (peek() == ']') {
        ++pos;
        return true;
      }
      return fail("expected ',' or ']' in an array");
    }
  }

  bool parseHex4(uint32_t &code) {
    if (text.size() - pos < 4)
      return fail("truncated \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text[pos++];
      code <<= 4;
      if (c >= '0' && c <= '9')
        code |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        code |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        code |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return fail("invalid \\u escape");
    }
    return true;
  }

  static void appendUtf8(std::string &out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool parseEscape(std::string &out) {
    if (atEnd())
      return fail("unterminated string");
    char c = text[pos++];
    switch (c) {
    case '"':
    case '\\':
    case '/':
      out += c;
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'u': {
      uint32_t code;
      if (!parseHex4(code))
        return false;
      if (code >= 0xDC00 && code <= 0xDFFF)
        return fail("unpaired low surrogate in \\u escape");
      if (code >= 0xD800 && code <= 0xDBFF) {
        uint32_t low;
        if (text.substr(pos, 2) != "\\u")
          return fail("unpaired high surrogate in \\u escape");
        pos += 2;
        if (!parseHex4(low))
          return false;
        if (low < 0xDC00 || low > 0xDFFF)
          return fail("unpaired high surrogate in \\u escape");
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      }
      appendUtf8(out, code);
      return true;
    }
    default:
      --pos;
      return fail("invalid escape in a string");
    }
  }

  /// Copies one UTF-8 encoded code point, rejecting overlong forms,
  /// surrogates and values above U+10FFFF.
  bool copyUtf8(std::string &out) {
    unsigned char lead = static_cast<unsigned char>(peek());
    size_t length;
    uint32_t code;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07;
    } else {
      return fail("invalid UTF-8 in a string");
    }
    if (text.size() - pos < length)
      return fail("invalid UTF-8 in a string");
    for (size_t i = 1; i < length; ++i) {
      unsigned char next = static_cast<unsigned char>(text[pos + i]);
      if ((next & 0xC0) != 0x80)
        return fail("invalid UTF-8 in a string");
      code = (code << 6) | (next & 0x3F);
    }
    bool overlong =
        (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
      return fail("invalid UTF-8 in a string");
    out.append(text.data() + pos, length);
    pos += length;
    return true;
  }

  bool parseString(std::string &out) {
    ++pos; // '"'
    while (true) {
      if (atEnd())
        return fail("unterminated string");
      char c = peek();
      unsigned char byte = static_cast<unsigned char>(c);
      if (c == '"') {
        ++pos;
        return true;
      }
      if (c == '\\') {
        ++pos;
        if (!parseEscape(out))
          return false;
      } else if (byte < 0x20) {
        return fail("control character in a string");
      } else if (byte < 0x80) {
        out += c;
        ++pos;
      } else if (!copyUtf8(out)) {
        return false;
      }
    }
  }

  bool parseDigits() {
    if (atEnd() || peek() < '0' || peek() > '9')
      return fail("invalid number");
    while (!atEnd() && peek() >= '0' && peek() <= '9')
      ++pos;
    return true;
  }

  bool parseNumber(JsonValue &value) {
    size_t start = pos;
    bool integral = true;
    if (peek() == '-')
      ++pos;
    if (!atEnd() && peek() == '0') {
      ++pos;
      if (!atEnd() && peek() >= '0' && peek() <= '9')
        return fail("leading zero in a number");
    } else if (!parseDigits()) {
      return false;
    }
    if (!atEnd() && peek() == '.') {
      integral = false;
      ++pos;
      if (!parseDigits())
        return false;
    }
    if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
      integral = false;
      ++pos;
      if (!atEnd() && (peek() == '+' || peek() == '-'))
        ++pos;
      if (!parseDigits())
        return false;
    }
    std::string token(text.substr(start, pos - start));
    value.valueKind = JsonValue::Kind::Number;
    value.number = std::strtod(token.c_str(), nullptr);
    if (integral) {
      errno = 0;
      long long parsed = std::strtoll(token.c_str(), nullptr, 10);
      if (errno != ERANGE) {
        value.integral = true;
        value.integer = parsed;
      }
    }
    return true;
  }

  std::string_view text;
  size_t pos = 0;
};

bool parseJson(std::string_view text, JsonValue &result, std::string &error) {
  JsonParser parser(text);
  result = JsonValue();
  if (parser.parseDocument(result))
    return true;
  error = parser.error;
  return false;
}

} // namespace mdlrt
