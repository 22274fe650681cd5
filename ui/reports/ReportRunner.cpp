#include "ReportRunner.h"

#include "reports/ReportBuilder.h"
#include "storage/Database.h"

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace fw {

namespace {
struct Outcome
{
    bool ok = false;
    bool cancelled = false;
    QString error;
    ReportResult result;
};

Outcome build(const DatabaseConfig &config, const ReportRequest &request,
    const std::shared_ptr<std::atomic<bool>> &cancel,
    const std::shared_ptr<std::atomic<int>> &permille)
{
    Outcome o;
    Database db; // a connection of this thread only
    if (!db.open(config)) {
        o.error = db.lastError();
        return o;
    }
    ReportBuilder builder(db);
    o.ok = builder.run(request, &o.result, [&](double done) {
        permille->store(int(done * 1000));
        return !cancel->load();
    });
    o.cancelled = builder.cancelled();
    if (!o.ok)
        o.error = builder.lastError();
    return o;
}
} // namespace

ReportRunner::ReportRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<fw::ReportResult>();
    m_pool.setMaxThreadCount(1);
}

ReportRunner::~ReportRunner()
{
    cancel();
    m_pool.waitForDone();
}

void ReportRunner::start(const ReportRequest &request)
{
    cancel();
    const quint64 id = ++m_request;
    if (!m_config) {
        QTimer::singleShot(0, this, [this] { emit failed(tr("No database is configured.")); });
        return;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_permille = std::make_shared<std::atomic<int>>(0);
    m_running = true;
    emit progressChanged(0.0);
    // The worker only writes a number; a timer here reads it, so no signal crosses per step.
    auto *poll = new QTimer(this);
    poll->setInterval(100);
    const auto permille = m_permille;
    connect(poll, &QTimer::timeout, this, [this, id, permille] {
        if (id == m_request)
            emit progressChanged(permille->load() / 1000.0);
    });
    poll->start();
    QtConcurrent::run(&m_pool, &build, *m_config, request, m_cancel, m_permille)
        .then(this, [this, id, poll](const Outcome &o) {
            poll->deleteLater();
            if (id != m_request)
                return; // superseded or cancelled
            m_running = false;
            if (o.ok) {
                emit progressChanged(1.0);
                emit finished(o.result);
            } else if (o.cancelled) {
                emit cancelled();
            } else {
                emit failed(o.error);
            }
        });
}

void ReportRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_running) {
        m_running = false;
        ++m_request; // its result, if any, is dropped
        emit cancelled();
    }
}

} // namespace fw
