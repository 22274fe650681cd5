#pragma once
// ModelChangeTrace: a diagnostic, not a feature. It writes one line per change of the device
// list's rows, with the time on the system's monotonic clock, so a benchmark in another process
// (remote_bench) can match each change to the commit that caused it: the window's latency and its
// CPU are measured on the real program. Nothing is written unless the program is started with
// FW_MODEL_CHANGE_TRACE set (see app/main.cpp); the text is for scripts, not translated.
//
// Lines: "<steady ns> reset <rows>" after a full snapshot, and
//        "<steady ns> <uniqueId> <device time of the latest position, ms; -1 none>" per row.

#include <QObject>

#include <cstdio>

namespace fw {

class DeviceListModel;

class ModelChangeTrace : public QObject
{
    Q_OBJECT
public:
    // `path` "-" is stdout. A child of `model`: it goes with it.
    ModelChangeTrace(DeviceListModel *model, const QString &path);
    ~ModelChangeTrace() override;

    bool isOpen() const { return m_file != nullptr; }

private:
    void writeBatch();
    void writeReset();

    const DeviceListModel *m_model;
    std::FILE *m_file = nullptr;
    bool m_ownFile = false;
};

} // namespace fw
