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
    kGpsLbsDriver = 0x25, // 4-byte cell id
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
    kStatus2 = 0x36, // 4G: status block, then modules (7878 only)
    kGpsLbs3 = 0x37,
    kGpsLbs8 = 0x38, // 4G: GPS, cell with a radio type (7979)
    kAlarmModule = 0x39, // 4G: GPS, cell, status, modules
    kBms = 0x40, // battery management system report
    kMultimedia = 0x41, // 4G photo / video chunk (7979)
    kIButton = 0x61, // GPS, cell and the driver's iButton
    kWifi2 = 0x69,
    kModular = 0x70,
    kCommand0 = 0x80,
    kCommand1 = 0x81,
    kCommand2 = 0x82,
    kTimeRequest = 0x8A,
    kObd = 0x8C, // OBD text pairs (7979)
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
    kWifiAlarm = 0xA9, // 4G: cells and Wi-Fi with an alarm
    kDeviceStatus = 0xF1, // 4G: time and status items (7979)
    kPeripheral = 0xF2, // 4G: time and peripheral items (7979)
    kWifi4 = 0xF3,
};

// Extended (7979) frame types that reuse numbers of the 7878 table with another layout.
enum : quint8 {
    kAz735Gps = 0x32,
    kAz735Alarm = 0x33,
};

// Vendor variants that reuse a frame type with another layout, told apart by the length field.
enum class Variant {
    Standard,
    Vxt01, // 0x12 / 0x16 of length 0x24: status after the cell, no alarm byte
    WanwayS20,
    Sr411Mini, // 0x24 of length 0x2e: GPS, cell, ignition, power, battery
    S5, // 0x12 of length 0x2b: status, power, alarm, oil, temperature, odometer
    WeTrust, // 0x12 of length 0x29: odometer and driver card
    Space10x, // 0x19 of length >= 0x17: several cells
    Obd6, // 0x13 of length 0x13: status with satellites, power and temperature
    Sl4x, // 0x31 / 0x32 / 0x34: two-byte MNC, 8-byte cell id, altitude
    SeeWorld, // 0x22 / 0x16 / 0xA3: temperature and humidity, steps
    Rfid, // 0x17 of length 0x28: GPS, cell and an RFID card
    Lw4g, // 0xA2 of length 0x40: GPS, 4G cell, status with power, odometer and hours
    Trx16i, // 0x36 of length 0x35 (location with RFID card), 0x16 of length 0x2d
};
Variant variantOf(bool extended, quint8 type, int length);

bool hasGps(quint8 type);
bool hasLbs(quint8 type);
bool hasStatus(quint8 type);
bool hasLanguage(quint8 type); // a language byte follows the status block
// Whether the cell block of `type` starts with a length byte (frames with a status block, except
// the LBS-only ones and the 4G alarm module).
bool lbsHasLength(quint8 type);
// Frames that carry cell towers / Wi-Fi lists and a time but no GPS fix.
bool isNetworkOnly(quint8 type);

} // namespace fw::gt06
