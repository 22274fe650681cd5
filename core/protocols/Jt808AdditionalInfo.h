#pragma once
// The additional information items (id, length, value) after the basic block of a JT/T 808
// location report: odometer, fuel, battery, signal, temperatures, driver cards, lock states,
// ADAS / DMS alarms of JT/T 1078 dashcams, harsh driving, tyre pressure, OBD data and the
// vendor extensions. Jt808LocationReport reads the basic block and hands the rest here.

#include "ByteReader.h"
#include "domain/Position.h"

namespace fw::jt808 {

// `model` is the device model when known: some items mean other things on some models.
void decodeAdditionalInfo(Attributes &a, Position &p, ByteReader &r, const QString &model = {});

} // namespace fw::jt808
