#pragma once
// The GT06 location and status frames that share one layout (GPS block, cell block, status block
// and vendor trailers, each present or not by frame type), and the helpers the 4G frames of
// Gt06Extended use as well. Gt06Decoder cuts the frame and picks the reader.

#include "ByteReader.h"
#include "Gt06MessageTypes.h"
#include "ProtocolDecoder.h"

namespace fw::gt06 {

// What the decoder knows about the frame around the body a reader gets.
struct FrameInfo
{
    quint8 type = 0;
    bool extended = false; // 7979 header
    int length = 0; // the length field
    qsizetype bodySize = 0;
    // Bytes at the end of the body that are not data (serial and CRC of frames whose length
    // field does not match, which are read up to the stop bits).
    qsizetype tail = 0;
    int utcOffset = 0; // seconds east of UTC, from the login's time-zone field
    Variant variant = Variant::Standard;
    QString model; // the device model when known, upper case (Traccar's names)

    // NT11 / NT20 / NT26 / NT40 / NT46 / VL100 / XT40: 0x22 and 0x25 with a status block.
    bool ntModel() const;
};

// Bytes of data left in the body.
inline qsizetype available(const ByteReader &r, const FrameInfo &f)
{
    return r.remaining() - f.tail;
}

// Appends an alarm to those already set ("sos,vibration"), once.
void addAlarm(Attributes &a, const QString &alarm);

// Whether frame `f` is read by decodeLocationFrame: the types with a GPS, cell or status block,
// and the vendor variants that give another type such a layout.
bool isLocationFrame(const FrameInfo &f);
// A frame of the shared layout (hasGps / hasLbs / hasStatus). Returns false when it is
// truncated.
bool decodeLocationFrame(const FrameInfo &f, ByteReader &r, DecodedMessage &m);

// OBD6 status frame (0x13 of length 0x13).
void readObd6Status(ByteReader &r, Attributes &a);

// The module list (type u16, length u8, value) that ends 4G status and alarm frames.
void readStatusModules(const FrameInfo &f, ByteReader &r, Attributes &a);

} // namespace fw::gt06
