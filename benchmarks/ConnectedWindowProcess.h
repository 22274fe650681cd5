#pragma once
// ConnectedWindowProcess: remote_bench's connected window. The real `fleetwatch --connect URL`
// window, offscreen (QT_QPA_PLATFORM=offscreen), in a process of its own so its CPU is its own;
// its settings, caches and data live in a throw-away folder (XDG_*), the map uses the built-in
// basemap (no tile server: everything stays on loopback), no keychain is reached (no session
// bus). FW_MODEL_CHANGE_TRACE makes it write one line per change of its device list
// (ui/devicelist/ModelChangeTrace), which this class reads back.

#include <QHash>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace fw::bench {

class ConnectedWindowProcess
{
public:
    // One changed row of the window's device list, at `steadyNs` (std::chrono::steady_clock).
    struct Change
    {
        qint64 steadyNs = 0;
        QString uniqueId;
        qint64 deviceTime = -1; // of the device's latest position, ms; -1 none
    };

    explicit ConnectedWindowProcess(const QString &fleetwatch);
    ~ConnectedWindowProcess(); // ends the window

    // Starts the window on `url` and waits until its list holds `rows` devices. False (with
    // errorString()) when it did not within `timeoutMs`.
    bool start(const QString &url, int rows, int timeoutMs);
    qint64 processId() const { return m_process.processId(); }
    QString errorString() const { return m_error; }
    // Every row change written so far (after the first full snapshot).
    QList<Change> changes() const;

private:
    QString m_fleetwatch;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_error;
};

} // namespace fw::bench
