#pragma once
// StatusReason: why a device has the status it has, detected from what it actually sent
// (buffered data, no fix, heartbeats only, a tracker clock not in UTC, a last gasp before going
// offline, how the connection ended) rather than only listing possible causes. The tracker keeps
// the small per-device ReasonState these detections need; detectReason() is pure.

#include "ConnectionStatus.h"
#include "StatusRules.h"
#include "domain/DeviceActivity.h"

#include <QCoreApplication>
#include <QStringList>

namespace fw {

enum class PacketKind : quint8 { Position, Heartbeat, Other };

// What one accepted frame told the status engine.
struct PacketObservation
{
    TimeMs serverTime = kNoTime;
    PacketKind kind = PacketKind::Other;
    bool validFix = false; // position with a valid fix
    TimeMs fixTime = kNoTime; // device time of that fix
    bool lastGasp = false; // low battery / sleeping / power cut announcement
};

struct ReasonState
{
    TimeMs lastFixLag = 0; // arrival - fix time of the last valid fix (positive = old fix)
    TimeMs lastPositionReceivedAt = kNoTime; // server time of the last position-bearing frame
    qint16 noFixStreak = 0; // consecutive positions without a valid fix
    qint16 heartbeatStreak = 0; // heartbeats since the last position
    qint8 clockOffsetHours = 0; // whole-hour offset candidate (fix - arrival)
    quint8 clockOffsetStreak = 0; // consecutive fixes showing that offset
    bool lastGasp = false;
    ConnectionEnd connectionEnd = ConnectionEnd::None;

    void observe(const PacketObservation &p);
    // Compact text form kept with the device activity, so detected reasons survive a restart
    // and `fleetwatch status` shows the same reasons as the node.
    QString encode() const;
    static ReasonState decode(QStringView text, const ReasonState &fallback);
    static ReasonState decode(QStringView text) { return decode(text, ReasonState()); }
};

enum class ReasonCode : quint8 {
    None,
    FixCurrent,
    ClockNotUtc,
    Buffered,
    NoFix,
    HeartbeatsOnly,
    NeverFixed,
    FixTooOld,
    FixInFuture,
    LastGasp,
    ClosedByDevice,
    TimedOut,
    NoData,
    Blocked,
    BlockedUntil,
    JustRegistered,
    AwaitingFirstData,
    NeedsManualActivation,
};

struct StatusReason
{
    Q_DECLARE_TR_FUNCTIONS(fw::status) // the library's one context

public:
    ReasonCode code = ReasonCode::None;
    int offsetHours = 0; // ClockNotUtc
    TimeMs at = kNoTime; // BlockedUntil: the end of the block

    QString id() const; // stable id for JSON ("buffered", "clock-not-utc", ...)
    QString text() const; // one translated sentence for tooltips and `status`
    QStringList likelyCauses() const; // translated checklist for details / troubleshooter

    friend bool operator==(const StatusReason &, const StatusReason &) = default;
};

StatusReason detectReason(ConnectionStatus status, const StatusInputs &in, const ReasonState &rs,
                          const StatusSettings &s, TimeMs now);

} // namespace fw
