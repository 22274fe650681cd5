#include "IngestConfig.h"
#include "IngestTr.h"

#include <QCoreApplication>

namespace fw {

QString parseListenOption(const QString &text, ListenerConfig *out)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    const QString name = (eq < 0 ? text : text.left(eq)).trimmed().toLower();
    if (name.isEmpty())
        return IngestTr::tr("--listen needs NAME=PORT, got \"%1\"")
            .arg(text);
    quint16 port = 0;
    if (eq >= 0) {
        bool ok = false;
        const uint value = text.mid(eq + 1).trimmed().toUInt(&ok);
        if (!ok || value == 0 || value > 65535)
            return IngestTr::tr("--listen %1: \"%2\" is not a port (1-65535)")
                .arg(name, text.mid(eq + 1));
        port = static_cast<quint16>(value);
    }
    out->protocol = name;
    out->port = port;
    return {};
}

} // namespace fw
