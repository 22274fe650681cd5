#pragma once
// The GT06 frames of 4G devices (Jimi IoT / Concox 4G series) and other vendor extensions whose
// layout is not the shared location layout of Gt06Location: status with modules (0x36), the
// alarm module (0x39), Wi-Fi alarm (0xA9), iButton (0x61), battery management (0x40), AZ735
// location and alarm (7979 0x32 / 0x33), 4G location (7979 0x38), device status and peripherals
// (7979 0xF1 / 0xF2) and OBD (7979 0x8C). Each reader fills one message and returns false when
// the frame is truncated; Gt06Decoder sends the acknowledgement.

#include "Gt06Location.h"

namespace fw::gt06 {

// 0x95 alarm: time (or a GPS block), event code and data, then the names of recorded files.
// JC400 dashcams start with ffff, a version and a GPS block with satellites and speed.
bool decodeAlarmFrame(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
// 7979 0x94 information frame: a sub-type, then ADC, door, ICCID, external power or network,
// alarm states, fuel sensor text, driver card or serial data, temperature and humidity.
// Returns false for sub-types without data we keep.
bool decodeInfoFrame(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
// The answer to a position query as text ("Current position!Lat:N54.739332,Lon:E25.273270,
// Course:...,Speed:...,DateTime:2017-11-27 12:59:34"). False when the text is something else.
bool readPositionText(const QString &text, DecodedMessage &m);
bool decodeWifiAlarm(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
bool decodeIButton(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
bool decodeBms(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
bool decodeAz735(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
bool decodeGpsLbs8(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
bool decodeDeviceStatus(const FrameInfo &f, ByteReader &r, DecodedMessage &m);
bool decodeObd(const FrameInfo &f, ByteReader &r, DecodedMessage &m);

} // namespace fw::gt06
