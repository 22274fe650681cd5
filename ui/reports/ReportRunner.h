#pragma once
// ReportRunner: runs a report for the window on a worker thread with its own database
// connection (Database is per thread), so the window never waits for the history. Says how far
// it got, can be cancelled at any moment, and delivers only the newest request's result.

#include "reports/ReportResult.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

namespace fw {

class ReportRunner : public QObject
{
    Q_OBJECT
public:
    explicit ReportRunner(QObject *parent = nullptr);
    ~ReportRunner() override;

    void setDatabaseConfig(const DatabaseConfig &config) { m_config = config; }
    bool hasDatabase() const { return m_config.has_value(); }

    void start(const ReportRequest &request); // cancels a running one
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progressChanged(double done); // 0..1
    void finished(const fw::ReportResult &result);
    void failed(const QString &error);
    void cancelled();

private:
    std::optional<DatabaseConfig> m_config;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic<bool>> m_cancel; // of the running request
    std::shared_ptr<std::atomic<int>> m_permille; // its progress, read by the window's timer
    quint64 m_request = 0;
    bool m_running = false;
};

} // namespace fw
