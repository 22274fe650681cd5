#pragma once
// RawFrame: one frame as it arrived, with what became of it. The raw console and the device
// troubleshooter read these so an operator can see every byte a device sent and why it was or
// was not accepted.

#include "FrameSummary.h"
#include "protocols/ProtocolDecoder.h"

#include <QByteArray>
#include <QString>

namespace fw {

enum class FrameOutcome : quint8 {
    Decoded,
    UnknownDevice, // decoded, but the id is not registered
    Undecoded, // the decoder refused it (detail holds its error)
    DroppedBlocked, // from a blocked device: answered, then discarded
};
QString frameOutcomeId(
    FrameOutcome o); // "decoded", "unknown-device", "undecoded", "dropped-blocked"
QString frameOutcomeTitle(FrameOutcome o); // translated
bool frameOutcomeFromId(QStringView id, FrameOutcome *out);

struct RawFrame
{
    quint64 seq = 0; // increasing; assigned by RawLog
    TimeMs time = kNoTime;
    quint16 localPort = 0;
    Transport transport = Transport::Tcp;
    QString protocol;
    QString peer; // "address:port"
    QString uniqueId; // when known
    QByteArray bytes;
    bool textual = false; // show as text rather than hex
    FrameOutcome outcome = FrameOutcome::Decoded;
    QString detail; // decoder error, or a one-line summary of what was decoded
    // For decoded frames: what `detail` is made of; RawLog::query() writes the text into the
    // frames it returns (see FrameSummary).
    FrameSummary summary;
    QByteArray reply; // what we answered, if anything
};

} // namespace fw
