#pragma once
// Suntech's compact binary report ("zip", first byte 0x02, report type 0x10): id, date and
// time in binary, degrees plus BCD millionths, speed and course with BCD hundredths, a sign
// and validity flag byte, odometer, power and inputs. Split from SuntechDecoder.

#include "protocols/ProtocolDecoder.h"

namespace fw::suntech {

constexpr qsizetype kZipReportSize = 44; // up to and including the event byte

// The device id of a 0x10 compact report, or empty when `s` is not one (or is too short).
QString zipReportId(QByteArrayView s);

// Reads a 0x10 compact report (zipReportId() not empty) into `m`.
void decodeZipReport(QByteArrayView s, DecodedMessage &m);

} // namespace fw::suntech
