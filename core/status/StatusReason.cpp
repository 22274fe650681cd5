#include "StatusReason.h"

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <cmath>

namespace fw {

namespace {
constexpr TimeMs kClockOffsetSlack = 2 * kMinute;
constexpr int kClockOffsetStreakNeeded = 2;
} // namespace

void ReasonState::observe(const PacketObservation &p)
{
    lastGasp = p.lastGasp;
    connectionEnd = ConnectionEnd::None; // it is talking to us again
    if (p.kind == PacketKind::Heartbeat) {
        if (heartbeatStreak < std::numeric_limits<qint16>::max())
            ++heartbeatStreak;
        return;
    }
    if (p.kind != PacketKind::Position)
        return;
    heartbeatStreak = 0;
    lastPositionReceivedAt = p.serverTime;
    if (!p.validFix || p.fixTime == kNoTime) {
        if (noFixStreak < std::numeric_limits<qint16>::max())
            ++noFixStreak;
        return;
    }
    noFixStreak = 0;
    lastFixLag = p.serverTime - p.fixTime;
    const TimeMs ahead = p.fixTime - p.serverTime;
    const double hours = std::round(static_cast<double>(ahead) / kHour);
    const bool wholeHours = hours != 0.0 && std::abs(hours) <= 14.0
        && std::abs(ahead - static_cast<TimeMs>(hours) * kHour) <= kClockOffsetSlack;
    if (!wholeHours) {
        clockOffsetHours = 0;
        clockOffsetStreak = 0;
    } else if (clockOffsetHours == static_cast<qint8>(hours)) {
        if (clockOffsetStreak < 255)
            ++clockOffsetStreak;
    } else {
        clockOffsetHours = static_cast<qint8>(hours);
        clockOffsetStreak = 1;
    }
}

QString ReasonState::encode() const
{
    // "1;lag;receivedAt;noFix;heartbeats;offsetHours;offsetStreak" (receivedAt empty for no
    // time). Formatted in place: this runs for every frame a device sends.
    char text[128];
    const int n = lastPositionReceivedAt == kNoTime
        ? std::snprintf(text, sizeof text, "1;%lld;;%d;%d;%d;%d",
            static_cast<long long>(lastFixLag), int(noFixStreak), int(heartbeatStreak),
            int(clockOffsetHours), int(clockOffsetStreak))
        : std::snprintf(text, sizeof text, "1;%lld;%lld;%d;%d;%d;%d",
            static_cast<long long>(lastFixLag), static_cast<long long>(lastPositionReceivedAt),
            int(noFixStreak), int(heartbeatStreak), int(clockOffsetHours), int(clockOffsetStreak));
    return QString::fromLatin1(text, std::clamp(n, 0, int(sizeof text) - 1));
}

ReasonState ReasonState::decode(QStringView text, const ReasonState &fallback)
{
    const QList<QStringView> parts = text.split(QLatin1Char(';'));
    if (parts.size() != 7 || parts.at(0) != u"1")
        return fallback;
    ReasonState r = fallback;
    bool ok = true;
    const auto number = [&ok](QStringView v) {
        bool good = false;
        const qint64 n = v.toLongLong(&good);
        ok = ok && good;
        return n;
    };
    r.lastFixLag = number(parts.at(1));
    r.lastPositionReceivedAt = parts.at(2).isEmpty() ? kNoTime : number(parts.at(2));
    r.noFixStreak = static_cast<qint16>(std::clamp<qint64>(number(parts.at(3)), 0, 32767));
    r.heartbeatStreak = static_cast<qint16>(std::clamp<qint64>(number(parts.at(4)), 0, 32767));
    r.clockOffsetHours = static_cast<qint8>(std::clamp<qint64>(number(parts.at(5)), -14, 14));
    r.clockOffsetStreak = static_cast<quint8>(std::clamp<qint64>(number(parts.at(6)), 0, 255));
    return ok ? r : fallback;
}

StatusReason detectReason(ConnectionStatus status, const StatusInputs &in, const ReasonState &rs,
    const StatusSettings &s, TimeMs now)
{
    switch (status) {
    case ConnectionStatus::Blocked:
        if (in.blockedUntil != kNoTime)
            return { ReasonCode::BlockedUntil, 0, in.blockedUntil };
        return { ReasonCode::Blocked };
    case ConnectionStatus::NeedsManualActivation:
        return { ReasonCode::NeedsManualActivation };
    case ConnectionStatus::JustRegistered:
        return { ReasonCode::JustRegistered };
    case ConnectionStatus::AwaitingFirstData:
        return { ReasonCode::AwaitingFirstData };
    case ConnectionStatus::Offline:
        if (rs.lastGasp)
            return { ReasonCode::LastGasp };
        if (rs.connectionEnd == ConnectionEnd::ClosedByDevice)
            return { ReasonCode::ClosedByDevice };
        if (rs.connectionEnd == ConnectionEnd::TimedOut)
            return { ReasonCode::TimedOut };
        return { ReasonCode::NoData };
    case ConnectionStatus::Online:
        return { ReasonCode::FixCurrent };
    case ConnectionStatus::GpsOutdated:
        break;
    }
    if (rs.clockOffsetStreak >= kClockOffsetStreakNeeded && rs.clockOffsetHours != 0)
        return { ReasonCode::ClockNotUtc, rs.clockOffsetHours };
    if (rs.noFixStreak > 0)
        return { ReasonCode::NoFix };
    const bool positionsStale
        = rs.lastPositionReceivedAt == kNoTime || now - rs.lastPositionReceivedAt > s.gpsFreshness;
    if (rs.heartbeatStreak > 0 && positionsStale)
        return { ReasonCode::HeartbeatsOnly };
    if (in.lastFixAt == kNoTime)
        return { ReasonCode::NeverFixed };
    const bool arrivingNow = in.lastPacketAt != kNoTime && now - in.lastPacketAt <= s.gpsFreshness;
    if (arrivingNow && rs.lastFixLag > s.gpsFreshness && !positionsStale)
        return { ReasonCode::Buffered };
    if (in.lastFixAt > now + s.futureTolerance)
        return { ReasonCode::FixInFuture };
    return { ReasonCode::FixTooOld };
}

QString StatusReason::id() const
{
    static const char *const kIds[] = {
        "none",
        "fix-current",
        "clock-not-utc",
        "buffered",
        "no-fix",
        "heartbeats-only",
        "never-fixed",
        "fix-too-old",
        "fix-in-future",
        "last-gasp",
        "closed-by-device",
        "timed-out",
        "no-data",
        "blocked",
        "blocked-until",
        "just-registered",
        "awaiting-first-data",
        "needs-manual-activation",
    };
    return QString::fromLatin1(kIds[static_cast<int>(code)]);
}

QString StatusReason::text() const
{
    switch (code) {
    case ReasonCode::None:
        return {};
    case ReasonCode::FixCurrent:
        return tr("Connected and reporting a current position.");
    case ReasonCode::ClockNotUtc:
        return tr("The tracker's clock is not set to UTC (offset %1 h).")
            .arg(offsetHours > 0 ? QStringLiteral("+%1").arg(offsetHours)
                                 : QString::number(offsetHours));
    case ReasonCode::Buffered:
        return tr("Data is arriving from the tracker's memory: its fix times are older than "
                  "their arrival.");
    case ReasonCode::NoFix:
        return tr("Packets arrive but carry no valid satellite fix (indoors, tunnel, jamming or "
                  "a firmware fault).");
    case ReasonCode::HeartbeatsOnly:
        return tr("Only keep-alive packets arrive: the tracker is probably sleeping or saving "
                  "power.");
    case ReasonCode::NeverFixed:
        return tr("Connected, but it has never reported a valid position.");
    case ReasonCode::FixTooOld:
        return tr("Connected, but its last valid position is older than the freshness limit.");
    case ReasonCode::FixInFuture:
        return tr("The reported fix time lies in the future: check the tracker's clock.");
    case ReasonCode::LastGasp:
        return tr("The tracker announced it was going to sleep on low battery or lost power "
                  "before it went silent.");
    case ReasonCode::ClosedByDevice:
        return tr("The tracker closed its connection and has not come back.");
    case ReasonCode::TimedOut:
        return tr("The connection went silent and timed out.");
    case ReasonCode::NoData:
        return tr("Nothing has arrived from the tracker within its offline timeout.");
    case ReasonCode::Blocked:
        return tr("Blocked by an administrator until unblocked; its data is discarded.");
    case ReasonCode::BlockedUntil:
        return tr("Blocked until %1; its data is discarded until then.").arg(toIso(at));
    case ReasonCode::JustRegistered:
        return tr("Registered moments ago; the first data may take a few minutes.");
    case ReasonCode::AwaitingFirstData:
        return tr("Registered more than 5 minutes ago and still nothing has arrived: check the "
                  "server address and port configured in the tracker.");
    case ReasonCode::NeedsManualActivation:
        return tr("This model does not connect by itself: configure the server address and port "
                  "in the tracker.");
    }
    return {};
}

QStringList StatusReason::likelyCauses() const
{
    switch (code) {
    case ReasonCode::NoData:
    case ReasonCode::TimedOut:
    case ReasonCode::ClosedByDevice:
        return { tr("Weak or no mobile data coverage where the vehicle is."),
            tr("Deep sleep mode enabled in the tracker."),
            tr("Roaming not enabled on the SIM card."),
            tr("SIM card out of credit or data allowance."),
            tr("Power disconnected or the tracker switched off.") };
    case ReasonCode::LastGasp:
        return { tr("Battery ran low; it should return when charged or powered."),
            tr("Check the vehicle power supply to the tracker.") };
    case ReasonCode::ClockNotUtc:
        return { tr("Set the tracker's time zone to UTC+0.") };
    case ReasonCode::Buffered:
        return { tr("The tracker is sending stored points after a coverage gap; wait until it "
                    "catches up.") };
    case ReasonCode::NoFix:
    case ReasonCode::NeverFixed:
        return { tr("No view of the sky (garage, tunnel, indoors)."),
            tr("GPS antenna disconnected or jammed."),
            tr("A first fix after power-up can take 15 minutes or more.") };
    case ReasonCode::HeartbeatsOnly:
    case ReasonCode::FixTooOld:
        return { tr("The vehicle is parked and the tracker is saving power."),
            tr("Reporting interval longer than the freshness limit.") };
    case ReasonCode::FixInFuture:
        return { tr("Tracker clock or time zone is wrong."),
            tr("The server clock is behind: compare it with a time server.") };
    case ReasonCode::AwaitingFirstData:
    case ReasonCode::NeedsManualActivation:
    case ReasonCode::JustRegistered:
        return { tr("Server address or port not configured in the tracker."),
            tr("APN of the SIM card not configured."),
            tr("Unique id registered differently from what the tracker sends.") };
    case ReasonCode::Blocked:
    case ReasonCode::BlockedUntil:
        return { tr("Unblock the device to accept its data again.") };
    case ReasonCode::None:
    case ReasonCode::FixCurrent:
        break;
    }
    return {};
}

} // namespace fw
