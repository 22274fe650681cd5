#include "Checksums.h"

#include <array>

namespace fw::checksum {

namespace {
constexpr std::array<quint16, 256> makeReflectedTable(quint16 poly)
{
    std::array<quint16, 256> t {};
    for (unsigned i = 0; i < 256; ++i) {
        quint16 c = static_cast<quint16>(i);
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? static_cast<quint16>((c >> 1) ^ poly) : static_cast<quint16>(c >> 1);
        t[i] = c;
    }
    return t;
}
constexpr auto kX25Table = makeReflectedTable(0x8408);
constexpr auto kIbmTable = makeReflectedTable(0xA001);
} // namespace

quint16 crc16X25(QByteArrayView data)
{
    quint16 crc = 0xFFFF;
    for (char ch : data)
        crc = static_cast<quint16>((crc >> 8) ^ kX25Table[(crc ^ static_cast<quint8>(ch)) & 0xff]);
    return static_cast<quint16>(~crc);
}

quint16 crc16Ibm(QByteArrayView data)
{
    quint16 crc = 0;
    for (char ch : data)
        crc = static_cast<quint16>((crc >> 8) ^ kIbmTable[(crc ^ static_cast<quint8>(ch)) & 0xff]);
    return crc;
}

quint16 crc16Kermit(QByteArrayView data)
{
    quint16 crc = 0;
    for (char ch : data)
        crc = static_cast<quint16>((crc >> 8) ^ kX25Table[(crc ^ static_cast<quint8>(ch)) & 0xff]);
    return crc;
}

quint16 crc16Modbus(QByteArrayView data)
{
    quint16 crc = 0xFFFF;
    for (char ch : data)
        crc = static_cast<quint16>((crc >> 8) ^ kIbmTable[(crc ^ static_cast<quint8>(ch)) & 0xff]);
    return crc;
}

quint16 crc16Ccitt(QByteArrayView data)
{
    quint16 crc = 0;
    for (char ch : data) {
        crc ^= static_cast<quint16>(static_cast<quint8>(ch) << 8);
        for (int k = 0; k < 8; ++k)
            crc = (crc & 0x8000) ? static_cast<quint16>((crc << 1) ^ 0x1021)
                                 : static_cast<quint16>(crc << 1);
    }
    return crc;
}

quint8 xor8(QByteArrayView data)
{
    quint8 x = 0;
    for (char ch : data)
        x ^= static_cast<quint8>(ch);
    return x;
}

quint8 sum8(QByteArrayView data)
{
    quint8 s = 0;
    for (char ch : data)
        s = static_cast<quint8>(s + static_cast<quint8>(ch));
    return s;
}

} // namespace fw::checksum
