#pragma once
// The IO elements of a Teltonika AVL record as attributes: fixed-width values (1, 2, 4, 8 bytes),
// the variable-length values of Codec 8 Extended (VIN, DTCs, BLE tags) and raw values kept as
// hex. TeltonikaDecoder reads the record layout and hands every element here by id. The common
// FMB / FMC / FMM ids get names (Dallas temperatures, battery level, ICCID, fuel, OBD values,
// geofence and idle events, beacons); others stay "io<id>".

#include "domain/Attributes.h"

#include <QByteArrayView>

namespace fw {

class TeltonikaIoElements
{
public:
    // IO element of a fixed width (1, 2, 4 or 8 bytes). Names follow Traccar where it maps the id
    // for every model; other ids stay "io<id>".
    static void decode(Attributes &a, int id, int width, quint64 raw, bool gh3000);
    // Variable-length element (Codec 8 Extended).
    static void decodeVariable(Attributes &a, int id, QByteArrayView value);
    // Element kept as "io<id>" in hex (16-byte group, unknown variable-length ids).
    static void decodeRaw(Attributes &a, int id, QByteArrayView value);
};

} // namespace fw
