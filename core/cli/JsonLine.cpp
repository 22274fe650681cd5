#include "JsonLine.h"

#include <QJsonDocument>

namespace fw::cli {

void printJsonLine(QTextStream &out, const QJsonObject &o)
{
    out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
}

} // namespace fw::cli
