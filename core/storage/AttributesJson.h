#pragma once
// AttributesJson: compact JSON text for position and event attributes as stored in the database.
// Writing is on the writer's hot path (hundreds of thousands of rows a second), so it appends
// straight into a QString instead of building a QJsonDocument; reading uses Qt's parser.

#include "domain/Attributes.h"

#include <QString>

namespace fw {

class AttributesJson
{
public:
    // `{"k":v,...}`; an empty string for empty attributes (stored as NULL).
    static QString write(const Attributes &attributes);
    static void append(QString &out, const Attributes &attributes);
    static void appendValue(QString &out, const QVariant &value);
    static void appendString(QString &out, QStringView text);
    // Empty or invalid text gives empty attributes.
    static Attributes read(const QString &text);
};

} // namespace fw
