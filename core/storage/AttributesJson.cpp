#include "AttributesJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QVariantList>
#include <QVariantMap>

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
        case u'"': out += u"\\\""_s; break;
        case u'\\': out += u"\\\\"_s; break;
        case u'\n': out += u"\\n"_s; break;
        case u'\r': out += u"\\r"_s; break;
        case u'\t': out += u"\\t"_s; break;
        case u'\b': out += u"\\b"_s; break;
        case u'\f': out += u"\\f"_s; break;
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

Attributes AttributesJson::read(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    return doc.isObject() ? Attributes::fromJson(doc.object()) : Attributes();
}

} // namespace fw
