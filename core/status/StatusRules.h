#pragma once
// The connection-status rules of status-rules.md as pure functions of the inputs and `now`.
// The StatusTracker, the command line and the tests all call these, so there is exactly one
// definition of what "online" means. nextStatusDeadline() tells when, with no new input, the
// evaluated status could next change; the tracker schedules that instead of polling.

#include "ConnectionStatus.h"
#include "util/TimeUtil.h"

namespace fw {

struct StatusSettings
{
    TimeMs gpsFreshness = 5 * kMinute;
    TimeMs futureTolerance = 2 * kMinute;
    TimeMs defaultOfflineTimeout = 10 * kMinute;
    TimeMs activationGrace = 5 * kMinute; // just-registered -> awaiting-first-data

    bool operator==(const StatusSettings &) const = default;
};

struct StatusInputs
{
    TimeMs registeredAt = kNoTime;
    TimeMs lastPacketAt = kNoTime;
    TimeMs lastFixAt = kNoTime; // device time of the last valid fix
    TimeMs offlineTimeout = 0; // 0 = settings default
    bool blocked = false;
    TimeMs blockedUntil = kNoTime; // kNoTime = until unblocked by hand
    bool autoActivation = true; // unknown model counts as activating itself

    bool operator==(const StatusInputs &) const = default;
};

// True when the device has sent nothing since it was registered (or its identity replaced).
bool neverSentSinceRegistration(const StatusInputs &in);
TimeMs effectiveOfflineTimeout(const StatusInputs &in, const StatusSettings &s);
bool hasCurrentFix(const StatusInputs &in, const StatusSettings &s, TimeMs now);

ConnectionStatus evaluateStatus(const StatusInputs &in, const StatusSettings &s, TimeMs now);

// Earliest time strictly after `now` at which evaluateStatus() may return something else without
// any input changing; kNoTime when it never will.
TimeMs nextStatusDeadline(const StatusInputs &in, const StatusSettings &s, TimeMs now);

} // namespace fw
