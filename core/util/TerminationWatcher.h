#pragma once
// TerminationWatcher: turns SIGINT / SIGTERM into a Qt signal delivered on the event loop (via a
// self-pipe), so a headless node can stop accepting, flush and exit cleanly instead of dying
// mid-write. Also raises the open-file limit, since every device connection is a descriptor.

#include <QObject>

class QSocketNotifier;

namespace fw {

class TerminationWatcher : public QObject
{
    Q_OBJECT
public:
    explicit TerminationWatcher(QObject *parent = nullptr);
    ~TerminationWatcher() override;

    // Raises RLIMIT_NOFILE to its hard limit; returns the new soft limit (or -1 where unknown).
    static long raiseFileDescriptorLimit();

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace fw
