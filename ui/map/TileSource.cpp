#include "TileSource.h"

namespace fw {

TileSource::TileSource(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<fw::TileId>();
    m_memory.setMaxCost(96 * 1024); // ~96 MiB of decoded tiles (~380 tiles of 256 px)
    m_clock.start();
}

TileSource::~TileSource() = default;

QImage TileSource::cachedTile(const TileId &id) const
{
    const QImage *image = m_memory.object(id);
    return image ? *image : QImage();
}

void TileSource::setWanted(const QList<TileId> &wanted)
{
    m_queue.clear();
    const qint64 now = m_clock.elapsed();
    for (const TileId &id : wanted) {
        if (id.z < minZoom() || id.z > maxZoom())
            continue;
        if (m_memory.contains(id) || m_inFlight.contains(id) || m_queue.contains(id))
            continue;
        const auto failed = m_failedAt.constFind(id);
        if (failed != m_failedAt.constEnd() && now - *failed < m_retryDelayMs)
            continue;
        m_queue.append(id);
    }
    pump();
}

void TileSource::setMaxParallel(int n)
{
    m_maxParallel = std::max(1, n);
    pump();
}

void TileSource::setMemoryCacheTiles(int tiles)
{
    m_memory.setMaxCost(std::max(1, tiles) * 256);
}

void TileSource::clearMemoryCache()
{
    m_memory.clear();
}

void TileSource::pump()
{
    while (m_inFlight.size() < m_maxParallel && !m_queue.isEmpty()) {
        const TileId id = m_queue.takeFirst();
        m_inFlight.insert(id);
        startLoad(id);
    }
}

void TileSource::storeTile(const TileId &id, const QImage &image)
{
    if (image.isNull())
        return;
    const int cost = std::max<int>(1, static_cast<int>(image.sizeInBytes() / 1024));
    m_memory.insert(id, new QImage(image), cost);
}

bool TileSource::isWantedOrLoading(const TileId &id) const
{
    return m_inFlight.contains(id) || m_queue.contains(id);
}

void TileSource::finishLoad(const TileId &id, const QImage &image, bool final)
{
    if (final)
        m_inFlight.remove(id);
    if (image.isNull()) {
        if (final)
            failLoad(id, tr("The tile could not be decoded."));
        return;
    }
    m_failedAt.remove(id);
    storeTile(id, image);
    emit tileReady(id);
    if (final)
        pump();
}

void TileSource::failLoad(const TileId &id, const QString &error)
{
    m_inFlight.remove(id);
    m_failedAt.insert(id, m_clock.elapsed());
    emit tileFailed(id, error);
    pump();
}

} // namespace fw
