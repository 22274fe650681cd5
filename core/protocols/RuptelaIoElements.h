#pragma once
// The IO elements of a Ruptela record as attributes. RuptelaDecoder reads the record layout
// (1-, 2-, 4- and 8-byte groups) and hands each element here by id. The ids FM-Eco4 / FM-Pro4 /
// FM-Tco4 / HCV5 devices send most get names (inputs, analog inputs, power and battery volts,
// temperatures, odometers, fuel, CAN values, driver card, ignition and the alarm flags); others
// stay "io<id>". Driver and tag ids split over two elements are joined by finish().

#include "domain/Attributes.h"

#include <QByteArrayView>

namespace fw {

class RuptelaIoElements
{
public:
    // One element of `width` bytes (1, 2, 4 or 8), raw big-endian bytes in `value`.
    static void decode(Attributes &a, int id, QByteArrayView value);
    // Joins the two halves of CAN / tachograph driver ids and of the BLE tag id once a record
    // (with all its merged parts) is read.
    static void finish(Attributes &a);
};

} // namespace fw
