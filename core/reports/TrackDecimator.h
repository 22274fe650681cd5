#pragma once
// TrackDecimator: keeps an evenly thinned copy of a track of unknown length in bounded memory,
// for the report's chart and map picture: every position while there are few, then every second,
// fourth, ... as more arrive, always with the last one. Between `capacity` and twice that many
// are kept once the track is longer than `capacity`.

#include "domain/Position.h"

#include <QList>

namespace fw {

class TrackDecimator
{
public:
    explicit TrackDecimator(qsizetype capacity);

    void add(const Position &position);
    QList<Position> take(); // the kept positions, oldest first, with the last one seen

private:
    qsizetype m_capacity;
    qint64 m_seen = 0;
    qint64 m_stride = 1;
    QList<Position> m_kept;
    Position m_last;
    bool m_lastKept = true;
};

} // namespace fw
