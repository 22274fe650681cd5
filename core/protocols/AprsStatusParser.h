#pragma once
// Status texts of APRS status packets (">..."), as the LoRa tracker and iGate firmwares send
// them: boot announcements with their radio settings, remote and local updates, reboots and the
// last words before a low-battery sleep. AprsDecoder makes the status message; this fills in
// the event and the attributes the text tells.

#include "domain/Attributes.h"
#include "util/TimeUtil.h"

#include <QByteArrayView>

namespace fw {

class AprsStatusParser
{
public:
    // `text` is the trimmed status text (without timestamp), `time` the packet's time.
    static void parse(QByteArrayView text, TimeMs time, Attributes &a);
};

} // namespace fw
