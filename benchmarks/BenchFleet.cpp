#include "BenchFleet.h"

#include <QFile>
#include <QProcess>

namespace fw::bench {

QString importFleet(const QString &fleetwatch, const QString &db, const QString &csvPath,
    const QByteArray &csv, int timeoutMs)
{
    QFile file(csvPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size())
        return QStringLiteral("cannot write the device list %1: %2")
            .arg(csvPath, file.errorString());
    file.close();
    QProcess import;
    import.start(fleetwatch,
        { QStringLiteral("devices"), QStringLiteral("import"), csvPath, QStringLiteral("--db"),
            db });
    if (!import.waitForFinished(timeoutMs) || import.exitCode() != 0)
        return QStringLiteral("devices import failed: ")
            + QString::fromUtf8(import.readAllStandardError());
    return {};
}

} // namespace fw::bench
