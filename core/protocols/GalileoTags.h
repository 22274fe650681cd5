#pragma once
// The tags of a Galileosky packet: how many bytes each takes and what it means. GalileoDecoder
// walks the tags of a packet; a tag it cannot size ends the walk (the rest cannot be read), so
// the table lists every fixed-size tag of the Galileosky 7.x / 10.x documents, including those
// whose values are not kept (CAN extensions, user data, sensors). Variable tags (0xE1 text,
// 0xEA user array, 0xFE extension block) are read by the decoder itself.

#include "domain/Position.h"

#include <QByteArrayView>

namespace fw {

class GalileoTags
{
public:
    // Bytes of a fixed-size tag's value; 0 when the tag is unknown or variable.
    static int size(quint8 tag);
    // Stores a fixed-size tag (value of size(tag) bytes, little-endian) on the position; the
    // IMEI (0x03) and coordinates (0x30) are the decoder's.
    static void apply(quint8 tag, QByteArrayView value, Position &p);
};

} // namespace fw
