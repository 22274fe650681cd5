#include "TrackLoader.h"

#include "storage/Database.h"

#include <QtConcurrent/QtConcurrentRun>

#include <deque>

namespace fw {

namespace {
struct Result
{
    bool ok = false;
    QString error;
    QList<Position> track;
};

Result readTrack(
    const DatabaseConfig &config, const QString &uniqueId, TimeMs from, TimeMs to, int maxPoints)
{
    Result r;
    Database db; // a connection of this thread only
    if (!db.open(config)) {
        r.error = db.lastError();
        return r;
    }
    std::deque<Position> points;
    r.ok = db.forEachPosition(uniqueId, from, to, [&](const Position &p) {
        if (!p.valid || !p.hasCoordinates())
            return true;
        points.push_back(p);
        if (static_cast<int>(points.size()) > maxPoints)
            points.pop_front();
        return true;
    });
    if (!r.ok)
        r.error = db.lastError();
    r.track = QList<Position>(points.begin(), points.end());
    return r;
}
} // namespace

TrackLoader::TrackLoader(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<QList<fw::Position>>();
    m_pool.setMaxThreadCount(1);
}

TrackLoader::~TrackLoader()
{
    m_pending = 0;
    m_pool.waitForDone();
}

quint64 TrackLoader::load(const QString &uniqueId, TimeMs from, TimeMs to)
{
    const quint64 request = ++m_next;
    m_pending = request;
    if (!m_config) {
        QMetaObject::invokeMethod(
            this,
            [this, request] {
                if (m_pending == request) {
                    m_pending = 0;
                    emit failed(request, tr("No database is configured."));
                }
            },
            Qt::QueuedConnection);
        return request;
    }
    QtConcurrent::run(&m_pool, &readTrack, *m_config, uniqueId, from, to, m_maxPoints)
        .then(this, [this, request, uniqueId](const Result &r) {
            if (request != m_pending)
                return; // superseded
            m_pending = 0;
            if (r.ok)
                emit loaded(request, uniqueId, r.track);
            else
                emit failed(request, r.error);
        });
    return request;
}

void TrackLoader::cancel()
{
    m_pending = 0;
}

} // namespace fw
