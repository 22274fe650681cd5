#include "ConnectedWindowProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QSettings>
#include <QThread>

namespace fw::bench {

namespace {
QString tracePath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("model-changes.txt"));
}
} // namespace

ConnectedWindowProcess::ConnectedWindowProcess(const QString &fleetwatch)
    : m_fleetwatch(fleetwatch)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

ConnectedWindowProcess::~ConnectedWindowProcess()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

bool ConnectedWindowProcess::start(const QString &url, int rows, int timeoutMs)
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    const QString config = m_dir.filePath(QStringLiteral("config"));
    {
        // A source that does not exist: the map falls back to its built-in basemap.
        QSettings settings(config + QStringLiteral("/FleetWatch/FleetWatch.conf"),
            QSettings::IniFormat);
        settings.setValue(QStringLiteral("map/source"), QStringLiteral("remote_bench: none"));
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.path()); // private (0700), as Qt wants
    env.insert(QStringLiteral("FW_MODEL_CHANGE_TRACE"), tracePath(m_dir));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // the password is in the URL
    m_process.setProcessEnvironment(env);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(m_fleetwatch, { QStringLiteral("--connect"), url });
    if (!m_process.waitForStarted(10'000)) {
        m_error = m_process.errorString();
        return false;
    }
    const QByteArray ready = " reset " + QByteArray::number(rows) + '\n';
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < timeoutMs) {
        if (m_process.state() == QProcess::NotRunning) {
            m_error = QStringLiteral("the window ended (exit code %1)").arg(m_process.exitCode());
            return false;
        }
        QFile trace(tracePath(m_dir));
        if (trace.open(QIODevice::ReadOnly) && trace.readAll().contains(ready))
            return true;
        QThread::msleep(100);
    }
    m_error = QStringLiteral("the window did not list %1 devices within %2 ms")
                  .arg(rows)
                  .arg(timeoutMs);
    return false;
}

QList<ConnectedWindowProcess::Change> ConnectedWindowProcess::changes() const
{
    QList<Change> found;
    QFile trace(tracePath(m_dir));
    if (!trace.open(QIODevice::ReadOnly))
        return found;
    const QList<QByteArray> lines = trace.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() != 3 || fields.at(1) == "reset")
            continue;
        found.append({ fields.at(0).toLongLong(), QString::fromUtf8(fields.at(1)),
            fields.at(2).toLongLong() });
    }
    return found;
}

} // namespace fw::bench
