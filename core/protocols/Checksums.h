#pragma once
// Checksums used by tracker protocols. Table-free where cheap, table-driven where hot.

#include <QByteArrayView>
#include <QtGlobal>

namespace fw::checksum {

quint16 crc16X25(QByteArrayView data); // GT06 / Concox (CRC-ITU)
quint16 crc16Ibm(QByteArrayView data); // Teltonika (CRC-16/ARC, poly 0xA001 reflected)
quint16 crc16Ccitt(QByteArrayView data); // CRC-16/XMODEM style (poly 0x1021, init 0)
quint16 crc16Kermit(QByteArrayView data); // Ruptela (poly 0x1021 reflected, init 0)
quint16 crc16Modbus(QByteArrayView data); // Galileosky (poly 0xA001 reflected, init 0xFFFF)
quint8 xor8(QByteArrayView data); // JT808, NMEA
quint8 sum8(QByteArrayView data);

} // namespace fw::checksum
