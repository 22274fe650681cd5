#include "AttributesJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QVariantList>
#include <QVariantMap>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

using namespace Qt::StringLiterals;

namespace fw {

QString AttributesJson::write(const Attributes &attributes)
{
    QString out;
    if (!attributes.isEmpty())
        append(out, attributes);
    return out;
}

void AttributesJson::append(QString &out, const Attributes &attributes)
{
    out += u'{';
    bool first = true;
    for (const Attributes::Entry &e : attributes) {
        if (!first)
            out += u',';
        first = false;
        appendString(out, e.key);
        out += u':';
        appendValue(out, e.value);
    }
    out += u'}';
}

void AttributesJson::appendString(QString &out, QStringView text)
{
    static constexpr char16_t kHex[] = u"0123456789abcdef";
    out += u'"';
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        out += text.mid(plainFrom, i - plainFrom);
        plainFrom = i + 1;
        switch (c) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        case u'\b':
            out += u"\\b"_s;
            break;
        case u'\f':
            out += u"\\f"_s;
            break;
        default:
            out += u"\\u00"_s;
            out += QChar(kHex[(c >> 4) & 0xf]);
            out += QChar(kHex[c & 0xf]);
        }
    }
    out += text.mid(plainFrom);
    out += u'"';
}

void AttributesJson::appendValue(QString &out, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        out += u"null"_s;
        return;
    case QMetaType::Bool:
        out += value.toBool() ? u"true"_s : u"false"_s;
        return;
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::SChar:
        out += QString::number(value.toLongLong());
        return;
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UChar:
        out += QString::number(value.toULongLong());
        return;
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (!std::isfinite(d))
            out += u"null"_s;
        else
            out += QString::number(d, 'g', QLocale::FloatingPointShortest);
        return;
    }
    case QMetaType::QString:
        appendString(out, value.toString());
        return;
    case QMetaType::QByteArray:
        appendString(out, QString::fromUtf8(value.toByteArray()));
        return;
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        out += u'[';
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i > 0)
                out += u',';
            appendValue(out, list.at(i));
        }
        out += u']';
        return;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        out += u'{';
        bool first = true;
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!first)
                out += u',';
            first = false;
            appendString(out, it.key());
            out += u':';
            appendValue(out, it.value());
        }
        out += u'}';
        return;
    }
    default:
        if (value.isNull())
            out += u"null"_s;
        else
            appendString(out, value.toString());
    }
}

// UTF-8 ---------------------------------------------------------------------------------------

namespace {

// Reserves `extra` bytes at the end of `out` and returns where they start; trimTo() gives the
// unused part back (QByteArray keeps its capacity, so a reused buffer does not allocate).
char *grow(QByteArray &out, qsizetype extra)
{
    const qsizetype size = out.size();
    out.resize(size + extra);
    return out.data() + size;
}

void trimTo(QByteArray &out, const char *end)
{
    out.resize(end - out.constData());
}

char *putReplacement(char *p)
{
    *p++ = char(0xEF); // U+FFFD
    *p++ = char(0xBF);
    *p++ = char(0xBD);
    return p;
}

// UTF-8 of text[i] (and text[i + 1] for a surrogate pair); advances i past what it used.
char *putCodePoint(char *p, QStringView text, qsizetype &i)
{
    const char16_t c = text[i++].unicode();
    if (c < 0x80) {
        *p++ = char(c);
    } else if (c < 0x800) {
        *p++ = char(0xC0 | (c >> 6));
        *p++ = char(0x80 | (c & 0x3F));
    } else if (QChar::isHighSurrogate(c) && i < text.size() && text[i].isLowSurrogate()) {
        const char32_t u = QChar::surrogateToUcs4(c, text[i++].unicode());
        *p++ = char(0xF0 | (u >> 18));
        *p++ = char(0x80 | ((u >> 12) & 0x3F));
        *p++ = char(0x80 | ((u >> 6) & 0x3F));
        *p++ = char(0x80 | (u & 0x3F));
    } else if (QChar::isSurrogate(c)) {
        *p++ = '?'; // unpaired: what QString::toUtf8() writes
    } else {
        *p++ = char(0xE0 | (c >> 12));
        *p++ = char(0x80 | ((c >> 6) & 0x3F));
        *p++ = char(0x80 | (c & 0x3F));
    }
    return p;
}

template <typename Number> void appendNumber(QByteArray &out, Number value)
{
    char *p = grow(out, 32);
    trimTo(out, std::to_chars(p, p + 32, value).ptr);
}

// QString::number(d, 'g', QLocale::FloatingPointShortest): the shortest digits that read back
// as d, in fixed or exponent form, whichever is shorter (fixed on a tie). Fixed form pads with
// zeros where std::to_chars would print the exact binary value's digits.
void appendShortest(QByteArray &out, double d)
{
    if (d == 0) {
        out += '0'; // Qt writes no sign for -0
        return;
    }
    char sci[40];
    const char *end = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific).ptr;
    const char *p = sci;
    const bool negative = *p == '-';
    if (negative)
        ++p;
    char digits[24];
    int count = 0;
    for (; p < end && *p != 'e'; ++p) {
        if (*p != '.')
            digits[count++] = *p;
    }
    int exponent = 0;
    std::from_chars(p + 1 + (p[1] == '+'), end, exponent);
    // Fixed form length: sign + digits + padding zeros + point.
    qsizetype fixedLength = negative;
    if (exponent >= 0)
        fixedLength += std::max(count, exponent + 1) + (count > exponent + 1 ? 1 : 0);
    else
        fixedLength += 2 + (-exponent - 1) + count; // "0." zeros digits
    if (fixedLength > end - sci) {
        out.append(sci, end - sci);
        return;
    }
    char *o = grow(out, fixedLength);
    if (negative)
        *o++ = '-';
    if (exponent >= 0) {
        for (int i = 0; i < std::max(count, exponent + 1); ++i) {
            if (i == exponent + 1)
                *o++ = '.';
            *o++ = i < count ? digits[i] : '0';
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -exponent - 1; ++i)
            *o++ = '0';
        for (int i = 0; i < count; ++i)
            *o++ = digits[i];
    }
    trimTo(out, o);
}

void appendLiteral(QByteArray &out, const char *text)
{
    out.append(text);
}

} // namespace

void AttributesJson::appendText(QByteArray &out, QStringView text)
{
    char *p = grow(out, text.size() * 3); // at most 3 bytes per UTF-16 unit
    for (qsizetype i = 0; i < text.size();) {
        const char16_t c = text[i].unicode();
        if (c != 0 && c < 0x80) {
            *p++ = char(c);
            ++i;
        } else if (c == 0) {
            p = putReplacement(p);
            ++i;
        } else {
            p = putCodePoint(p, text, i);
        }
    }
    trimTo(out, p);
}

void AttributesJson::appendStringUtf8(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    char *p = grow(out, text.size() * 6 + 2); // "\u00XX" is the longest form of one unit
    *p++ = '"';
    for (qsizetype i = 0; i < text.size();) {
        const char16_t c = text[i].unicode();
        if (c >= 0x80) {
            p = putCodePoint(p, text, i);
            continue;
        }
        ++i;
        if (c >= 0x20 && c != u'"' && c != u'\\') {
            *p++ = char(c);
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case u'"':
            *p++ = '"';
            break;
        case u'\\':
            *p++ = '\\';
            break;
        case u'\n':
            *p++ = 'n';
            break;
        case u'\r':
            *p++ = 'r';
            break;
        case u'\t':
            *p++ = 't';
            break;
        case u'\b':
            *p++ = 'b';
            break;
        case u'\f':
            *p++ = 'f';
            break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = kHex[(c >> 4) & 0xf];
            *p++ = kHex[c & 0xf];
        }
    }
    *p++ = '"';
    trimTo(out, p);
}

void AttributesJson::appendUtf8(QByteArray &out, const Attributes &attributes)
{
    out += '{';
    bool first = true;
    for (const Attributes::Entry &e : attributes) {
        if (!first)
            out += ',';
        first = false;
        appendStringUtf8(out, e.key);
        out += ':';
        appendValueUtf8(out, e.value);
    }
    out += '}';
}

void AttributesJson::appendValueUtf8(QByteArray &out, const QVariant &value)
{
    // Same text as appendValue(), so both paths store identical JSON.
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        appendLiteral(out, "null");
        return;
    case QMetaType::Bool:
        appendLiteral(out, value.toBool() ? "true" : "false");
        return;
    case QMetaType::Int:
        appendNumber(out, *static_cast<const int *>(value.constData()));
        return;
    case QMetaType::LongLong:
        appendNumber(out, *static_cast<const qlonglong *>(value.constData()));
        return;
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::SChar:
        appendNumber(out, value.toLongLong());
        return;
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UChar:
        appendNumber(out, value.toULongLong());
        return;
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (!std::isfinite(d)) {
            appendLiteral(out, "null");
            return;
        }
        appendShortest(out, d);
        return;
    }
    case QMetaType::QString:
        appendStringUtf8(out, *static_cast<const QString *>(value.constData()));
        return;
    case QMetaType::QByteArray:
        appendStringUtf8(out, QString::fromUtf8(value.toByteArray()));
        return;
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        out += '[';
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i > 0)
                out += ',';
            appendValueUtf8(out, list.at(i));
        }
        out += ']';
        return;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        out += '{';
        bool first = true;
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!first)
                out += ',';
            first = false;
            appendStringUtf8(out, it.key());
            out += ':';
            appendValueUtf8(out, it.value());
        }
        out += '}';
        return;
    }
    default:
        if (value.isNull())
            appendLiteral(out, "null");
        else
            appendStringUtf8(out, value.toString());
    }
}

Attributes AttributesJson::read(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QByteArray utf8 = text.toUtf8();
    return readUtf8(utf8.constData(), utf8.size());
}

Attributes AttributesJson::readUtf8(const char *data, qsizetype size)
{
    if (size <= 0)
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(data, size));
    return doc.isObject() ? Attributes::fromJson(doc.object()) : Attributes();
}

namespace {
// Whether the quote at `quote` opens a key of the top-level object: outside any string, at depth
// one, right after '{' or ','.
bool opensTopLevelKey(QByteArrayView json, qsizetype quote)
{
    int depth = 0;
    bool inString = false;
    char previous = 0; // the last character outside strings that is not a space
    for (qsizetype i = 0; i < quote; ++i) {
        const char c = json.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            previous = c;
        } else if (c == '{' || c == '[') {
            ++depth;
            previous = c;
        } else if (c == '}' || c == ']') {
            --depth;
            previous = c;
        } else if (c != ' ') {
            previous = c;
        }
    }
    return !inString && depth == 1 && (previous == '{' || previous == ',');
}

// Where the value of top-level `"key":` starts, or -1.
qsizetype valueStart(QByteArrayView json, QByteArrayView key)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = json.indexOf(key, from);
        if (at < 0)
            return -1;
        from = at + 1;
        const qsizetype open = at - 1;
        const qsizetype close = at + key.size();
        if (open < 0 || json.at(open) != '"' || close + 1 >= json.size() || json.at(close) != '"')
            continue;
        qsizetype colon = close + 1;
        while (colon < json.size() && json.at(colon) == ' ')
            ++colon;
        if (colon >= json.size() || json.at(colon) != ':' || !opensTopLevelKey(json, open))
            continue;
        qsizetype value = colon + 1;
        while (value < json.size() && json.at(value) == ' ')
            ++value;
        return value < json.size() ? value : -1;
    }
}
} // namespace

std::optional<double> AttributesJson::findNumber(QByteArrayView json, QByteArrayView key)
{
    qsizetype at = valueStart(json, key);
    if (at < 0)
        return std::nullopt;
    const bool quoted = json.at(at) == '"';
    if (quoted)
        ++at;
    qsizetype end = at;
    while (end < json.size()
        && (std::isdigit(static_cast<unsigned char>(json.at(end))) || json.at(end) == '-'
            || json.at(end) == '+' || json.at(end) == '.' || json.at(end) == 'e'
            || json.at(end) == 'E'))
        ++end;
    if (end == at || (quoted && (end >= json.size() || json.at(end) != '"')))
        return std::nullopt;
    // std::from_chars: no locale, no copy, and several times quicker than a QByteArray's
    // toDouble() on the ten million rows of a month's report.
    const char *first = json.data() + at;
    const char *last = json.data() + end;
    if (*first == '+')
        ++first;
    // Most odometers and counters are whole numbers: up to 15 digits are exact as a double.
    const bool negative = *first == '-';
    const char *digits = first + (negative ? 1 : 0);
    if (digits < last && last - digits <= 15
        && std::all_of(digits, last, [](char c) { return c >= '0' && c <= '9'; })) {
        qint64 whole = 0;
        for (const char *c = digits; c < last; ++c)
            whole = whole * 10 + (*c - '0');
        return double(negative ? -whole : whole);
    }
    double v = 0.0;
    const auto [stop, error] = std::from_chars(first, last, v);
    return error == std::errc() && stop == last ? std::optional<double>(v) : std::nullopt;
}

std::optional<bool> AttributesJson::findBool(QByteArrayView json, QByteArrayView key)
{
    const qsizetype at = valueStart(json, key);
    if (at < 0)
        return std::nullopt;
    const QByteArrayView rest = json.sliced(at);
    if (rest.startsWith("true"))
        return true;
    if (rest.startsWith("false"))
        return false;
    return std::nullopt;
}

} // namespace fw
