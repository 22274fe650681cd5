#pragma once
// Device side of the 3G watch protocol: the bracketed frames a SeTracker-style watch sends
// (LK link, UD positions, AL alarms with status bits). Used by the simulator and by the
// decoder round-trip tests.

#include "sim/DeviceFrameEncoder.h"

namespace fw {

class WatchFrameEncoder final : public DeviceFrameEncoder
{
public:
    explicit WatchFrameEncoder(QByteArray vendor = QByteArrayLiteral("SG"))
        : m_vendor(std::move(vendor))
    { }

    QString protocol() const override { return QStringLiteral("watch"); }
    QByteArray login(const QString &uniqueId, quint32 serial) const override;
    QByteArray position(const QString &uniqueId, const Position &p, quint32 serial) const override;
    QByteArray heartbeat(const QString &uniqueId, quint32 serial) const override;
    QByteArray alarm(const QString &uniqueId, const Position &p, const QString &alarm,
        quint32 serial) const override;

    // [VENDOR*ID*LEN*CONTENT]; `content` is raw (unescaped) and LEN counts it. Binary parts
    // must already be escaped with escape() and `rawLength` given.
    QByteArray frame(
        const QString &uniqueId, QByteArrayView content, qsizetype rawLength = -1) const;
    // 7d 5b 5d 2c 2a -> 7d01..7d05, for binary payloads (voice messages, photos).
    static QByteArray escape(QByteArrayView binary);
    // The position data of UD/AL frames, with a status word (alarm bits).
    static QByteArray positionData(const Position &p, quint32 status);

private:
    QByteArray m_vendor;
};

} // namespace fw
