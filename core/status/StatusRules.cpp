#include "StatusRules.h"

namespace fw {

bool neverSentSinceRegistration(const StatusInputs &in)
{
    if (in.lastPacketAt == kNoTime)
        return true;
    return in.registeredAt != kNoTime && in.lastPacketAt < in.registeredAt;
}

TimeMs effectiveOfflineTimeout(const StatusInputs &in, const StatusSettings &s)
{
    return in.offlineTimeout > 0 ? in.offlineTimeout : s.defaultOfflineTimeout;
}

bool hasCurrentFix(const StatusInputs &in, const StatusSettings &s, TimeMs now)
{
    if (in.lastFixAt == kNoTime)
        return false;
    return now - s.gpsFreshness <= in.lastFixAt && in.lastFixAt <= now + s.futureTolerance;
}

ConnectionStatus evaluateStatus(const StatusInputs &in, const StatusSettings &s, TimeMs now)
{
    if (in.blocked && (in.blockedUntil == kNoTime || now < in.blockedUntil))
        return ConnectionStatus::Blocked;
    if (neverSentSinceRegistration(in)) {
        if (!in.autoActivation)
            return ConnectionStatus::NeedsManualActivation;
        // A device with no registration time has been registered "forever".
        if (in.registeredAt != kNoTime && now - in.registeredAt < s.activationGrace)
            return ConnectionStatus::JustRegistered;
        return ConnectionStatus::AwaitingFirstData;
    }
    if (now - in.lastPacketAt > effectiveOfflineTimeout(in, s))
        return ConnectionStatus::Offline;
    return hasCurrentFix(in, s, now) ? ConnectionStatus::Online : ConnectionStatus::GpsOutdated;
}

TimeMs nextStatusDeadline(const StatusInputs &in, const StatusSettings &s, TimeMs now)
{
    // Every instant at which one of the predicates above flips; the earliest one after now.
    TimeMs best = kNoTime;
    const auto consider = [&](TimeMs t) {
        if (t != kNoTime && t > now && (best == kNoTime || t < best))
            best = t;
    };
    const bool blockedNow = in.blocked && (in.blockedUntil == kNoTime || now < in.blockedUntil);
    if (blockedNow) // nothing else matters until the block ends (never, if it has no end)
        return in.blockedUntil;
    if (neverSentSinceRegistration(in)) {
        if (in.autoActivation && in.registeredAt != kNoTime)
            consider(in.registeredAt + s.activationGrace);
        return best;
    }
    consider(in.lastPacketAt + effectiveOfflineTimeout(in, s) + 1);
    if (in.lastFixAt != kNoTime) {
        consider(in.lastFixAt + s.gpsFreshness + 1);
        consider(in.lastFixAt - s.futureTolerance);
    }
    return best;
}

} // namespace fw
