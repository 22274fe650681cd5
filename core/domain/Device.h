#pragma once
// Device: a registered tracker, as the operator configured it. Value type; identity is uniqueId
// (usually the IMEI, or a callsign-SSID for APRS stations). Replacing the identity restarts
// registration (registeredAt moves), as the status rules require.

#include "util/TimeUtil.h"

#include <QString>

namespace fw {

struct Device
{
    QString uniqueId;
    QString name;
    QString model; // catalogue model name; empty = unknown
    QString protocol; // protocol name; empty = from the model or from whatever it speaks
    QString phone;
    QString carrier; // SIM operator
    QString group;
    qint64 offlineTimeoutSecs = 0; // 0 = the fleet default
    bool blocked = false;
    TimeMs blockedUntil = kNoTime; // kNoTime = until unblocked by hand
    TimeMs registeredAt = kNoTime;
    QString password; // device password for SMS commands; a secret, never logged

    bool operator==(const Device &o) const = default;
};

// IMEI (15 digits) with a Luhn check digit. Other ids are allowed; this only checks IMEIs.
bool isValidImei(QStringView id);
// A unique id FleetWatch accepts at all: 1..64 printable ASCII characters without spaces/commas.
bool isAcceptableUniqueId(QStringView id);

} // namespace fw
