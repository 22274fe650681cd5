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
// 15 digits whose last one is not the Luhn check digit of the first 14. Such ids are accepted
// (clones and many real trackers send them); callers show a warning, never an error.
bool hasWrongImeiCheckDigit(QStringView id);
// The Luhn check digit for the first 14 digits of `id` (needs at least 14 digits).
int imeiCheckDigit(QStringView id);
// A unique id FleetWatch accepts at all: 1..64 printable ASCII characters without spaces/commas.
bool isAcceptableUniqueId(QStringView id);

} // namespace fw
