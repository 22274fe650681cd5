#include "ModelChangeTrace.h"

#include "DeviceListModel.h"

#include <QFile>

#include <chrono>

namespace fw {

namespace {
long long steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

ModelChangeTrace::ModelChangeTrace(DeviceListModel *model, const QString &path)
    : QObject(model)
    , m_model(model)
{
    if (path == QLatin1String("-")) {
        m_file = stdout;
    } else {
        m_file = std::fopen(QFile::encodeName(path).constData(), "w");
        m_ownFile = m_file != nullptr;
    }
    if (!m_file)
        return;
    // Between these two the model's batchChanges() lists the rows of one delta.
    connect(model, &DeviceListModel::updatesApplied, this, &ModelChangeTrace::writeBatch);
    connect(model, &DeviceListModel::modelReset, this, &ModelChangeTrace::writeReset);
    if (model->rowCount() > 0)
        writeReset(); // the first snapshot came before us
}

ModelChangeTrace::~ModelChangeTrace()
{
    if (m_ownFile)
        std::fclose(m_file);
}

void ModelChangeTrace::writeBatch()
{
    const long long now = steadyNs();
    for (const DeviceListModel::RowColumns &c : m_model->batchChanges()) {
        const DeviceSnapshot &s = m_model->snapshotAt(c.row);
        std::fprintf(m_file, "%lld %s %lld\n", now, s.device.uniqueId.toUtf8().constData(),
            s.activity.lastPositionAt == kNoTime ? -1LL
                                                  : static_cast<long long>(s.activity.lastPositionAt));
    }
    std::fflush(m_file); // one write per batch
}

void ModelChangeTrace::writeReset()
{
    std::fprintf(m_file, "%lld reset %d\n", steadyNs(), m_model->rowCount());
    std::fflush(m_file);
}

} // namespace fw
