#pragma once
// printJsonLine: the one way the command line prints JSON: one compact object per line, flushed,
// so a script reading the output gets each line as soon as it is written (`watch` and
// `--headless --stats-json` depend on that).

#include <QJsonObject>
#include <QTextStream>

namespace fw::cli {

void printJsonLine(QTextStream &out, const QJsonObject &o);

} // namespace fw::cli
