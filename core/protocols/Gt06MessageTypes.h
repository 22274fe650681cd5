#pragma once
// The GT06 message type byte and what each type carries (GPS block, LBS cell, status block, ...).
// Shared by Gt06Decoder's dispatch and the block readers in Gt06Fields, so both agree on the
// layout of a frame type.

#include <QtGlobal>

namespace fw::gt06 {

// Message types (Concox numbering; several vendors reuse the same frame with small changes).
enum : quint8 {
    kLogin = 0x01,
    kGps = 0x10,
    kGpsLbs6 = 0x11,
    kGpsLbs1 = 0x12,
    kStatus = 0x13,
    kString = 0x15,
    kGpsLbsStatus1 = 0x16,
    kWifi = 0x17,
    kLbsExtend = 0x18,
    kLbsStatus = 0x19,
    kGpsPhone = 0x1A,
    kGpsLbsExtend = 0x1E,
    kStringInfo = 0x21,
    kGpsLbs2 = 0x22,
    kHeartbeat = 0x23,
    kLbsMultiple3 = 0x24,
    kGpsLbsStatus2 = 0x26,
    kGpsLbsStatus3 = 0x27,
    kLbsMultiple1 = 0x28,
    kAddressRequest = 0x2A,
    kLbsWifi = 0x2C,
    kGpsLbs4 = 0x2D,
    kLbsMultiple2 = 0x2E,
    kGpsLbs5 = 0x31,
    kGpsLbsStatus4 = 0x32,
    kWifi5 = 0x33,
    kX1Gps = 0x34,
    kGpsLbs3 = 0x37,
    kWifi2 = 0x69,
    kModular = 0x70,
    kCommand0 = 0x80,
    kCommand1 = 0x81,
    kCommand2 = 0x82,
    kTimeRequest = 0x8A,
    kInfo = 0x94,
    kAlarm = 0x95,
    kAddressResponse = 0x97,
    kSerial = 0x9B,
    kGps2 = 0xA0,
    kLbs2 = 0xA1,
    kWifi3 = 0xA2,
    kFenceSingle = 0xA3,
    kFenceMulti = 0xA4,
    kLbsAlarm = 0xA5,
    kLbsAddress = 0xA7,
    kWifi4 = 0xF3,
};

bool hasGps(quint8 type);
bool hasLbs(quint8 type);
bool hasStatus(quint8 type);
bool hasLanguage(quint8 type);
// Frames that carry cell towers / Wi-Fi lists and a time but no GPS fix.
bool isNetworkOnly(quint8 type);

} // namespace fw::gt06
