#pragma once
// TrackLoader: reads one device's stored positions for a period on its own worker thread with
// its own database connection (Database is per thread), so a long track never blocks the
// window. Only the newest request is delivered; older ones are dropped when they finish.

#include "domain/Position.h"
#include "storage/DatabaseConfig.h"

#include <QList>
#include <QObject>
#include <QThreadPool>

#include <optional>

namespace fw {

class TrackLoader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultMaxPoints = 200000;

    explicit TrackLoader(QObject *parent = nullptr);
    ~TrackLoader() override;

    void setDatabaseConfig(const DatabaseConfig &config) { m_config = config; }
    bool hasDatabase() const { return m_config.has_value(); }
    void setMaxPoints(int points) { m_maxPoints = points; } // the newest are kept
    // Starts loading; returns the request number that `loaded`/`failed` will carry.
    quint64 load(const QString &uniqueId, TimeMs from, TimeMs to);
    void cancel(); // forget the pending request
    bool isLoading() const { return m_pending != 0; }

signals:
    void loaded(quint64 request, const QString &uniqueId, const QList<fw::Position> &track);
    void failed(quint64 request, const QString &error);

private:
    std::optional<DatabaseConfig> m_config;
    int m_maxPoints = kDefaultMaxPoints;
    quint64 m_next = 0;
    quint64 m_pending = 0;
    QThreadPool m_pool;
};

} // namespace fw
