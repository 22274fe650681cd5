#pragma once
// TrackDecimator: keeps an evenly thinned copy of a track of unknown length in bounded memory,
// for the report's chart and map picture: every position while there are few, then every second,
// fourth, ... as more arrive, always with the last one. Between `capacity` and twice that many
// are kept once the track is longer than `capacity`. It reads TrackSamples as they stream past
// and builds a Position (attributes parsed) only for the ones it keeps.

#include "domain/Position.h"
#include "storage/TrackSample.h"

#include <QList>

#include <string>

namespace fw {

class TrackDecimator
{
public:
    TrackDecimator(const QString &uniqueId, qsizetype capacity);

    void add(const TrackSample &sample);
    QList<Position> take(); // the kept positions, oldest first, with the last one seen

private:
    Position toPosition(const TrackSample &sample) const;

    QString m_uniqueId;
    qsizetype m_capacity;
    qint64 m_seen = 0;
    qint64 m_stride = 1;
    QList<Position> m_kept;
    // The last sample when it was not kept; its attribute bytes copied into storage that keeps
    // its capacity, so remembering it allocates nothing per row.
    TrackSample m_last;
    std::string m_lastAttributes;
    bool m_lastKept = true;
};

} // namespace fw
