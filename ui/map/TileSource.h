#pragma once
// TileSource: where map tiles come from (an XYZ web server, an MBTiles file), behind one
// interface so MapWidget never knows which. The base class holds what every source needs: the
// in-memory LRU of decoded tiles, the queue of wanted tiles (only what the view shows), a cap on
// loads in flight and a back-off for tiles that failed, so an offline map does not hammer.

#include "map/MapProjection.h"

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QSet>

namespace fw {

class TileSource : public QObject
{
    Q_OBJECT
public:
    explicit TileSource(QObject *parent = nullptr);
    ~TileSource() override;

    virtual QString name() const = 0;
    virtual QString attribution() const = 0; // e.g. "© OpenStreetMap contributors"
    virtual int minZoom() const { return 0; }
    virtual int maxZoom() const { return 19; }

    // The decoded tile if it is in memory, else a null image (nothing is requested here).
    QImage cachedTile(const TileId &id) const;
    // The tiles the view wants now, most important first. Anything queued and not wanted any
    // more is dropped; wanted tiles that are neither in memory nor loading are queued.
    void setWanted(const QList<TileId> &wanted);
    int maxParallel() const { return m_maxParallel; }
    void setMaxParallel(int n);
    int inFlight() const { return m_inFlight.size(); }
    int queued() const { return m_queue.size(); }
    void setMemoryCacheTiles(int tiles);
    void clearMemoryCache();
    void setRetryDelay(int ms) { m_retryDelayMs = ms; } // how long a failed tile is left alone

signals:
    void tileReady(fw::TileId id);
    void tileFailed(fw::TileId id, const QString &error);
    void attributionChanged();

protected:
    // Starts loading `id`; the subclass later calls finishLoad() or failLoad() exactly once.
    virtual void startLoad(const TileId &id) = 0;
    // Called from the GUI thread with a decoded image. `final` false means "shown now, a fresher
    // copy may follow" (a stale cached tile while it is being revalidated).
    void finishLoad(const TileId &id, const QImage &image, bool final = true);
    void failLoad(const TileId &id, const QString &error);
    void storeTile(const TileId &id, const QImage &image); // memory cache only
    bool isWantedOrLoading(const TileId &id) const;

private:
    void pump();

    QCache<TileId, QImage> m_memory; // cost in KiB
    QList<TileId> m_queue;
    QSet<TileId> m_inFlight;
    QHash<TileId, qint64> m_failedAt; // ms on m_clock
    QElapsedTimer m_clock;
    int m_maxParallel = 2;
    int m_retryDelayMs = 30000;
};

} // namespace fw
