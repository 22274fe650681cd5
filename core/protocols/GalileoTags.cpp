#include "GalileoTags.h"

#include <array>

namespace fw {

namespace {

constexpr std::array<quint8, 256> makeSizes()
{
    std::array<quint8, 256> s {};
    const auto set = [&s](int size, std::initializer_list<int> tags) {
        for (int t : tags)
            s[static_cast<size_t>(t)] = static_cast<quint8>(size);
    };
    const auto range = [&s](int size, int first, int last) {
        for (int t = first; t <= last; ++t)
            s[static_cast<size_t>(t)] = static_cast<quint8>(size);
    };
    set(1, { 0x01, 0x02, 0x35, 0x43, 0xd5 });
    range(1, 0x88, 0x8c); // sensor / accelerometer extras
    range(1, 0xa0, 0xaf); // CAN 8-bit registers 15..30
    range(1, 0xc4, 0xd2); // CAN 8-bit registers 0..14
    set(2, { 0x04, 0x10, 0x34, 0x40, 0x41, 0x42, 0x45, 0x46, 0x48 });
    range(2, 0x50, 0x59); // analog inputs 0..7, RS-232 0/1
    range(2, 0x60, 0x62); // fuel sensors
    range(2, 0x70, 0x77); // thermometers
    range(2, 0xb0, 0xb9); // CAN 16-bit registers 5..14
    range(2, 0xd6, 0xda); // CAN 16-bit registers 0..4
    set(3, { 0x5d, 0xfa });
    range(3, 0x63, 0x6f); // RS-485 fuel sensors with temperature
    range(3, 0x80, 0x87); // DS1923 sensors
    set(4, { 0x20, 0x33, 0x44, 0x47, 0x5a, 0x90, 0xc0, 0xc1, 0xc2, 0xc3, 0xd3, 0xd4, 0xe0 });
    range(4, 0xdb, 0xdf); // CAN 32-bit registers 0..4
    range(4, 0xe2, 0xe9); // user data 0..7
    range(4, 0xf0, 0xf9); // CAN 32-bit registers 5..14
    set(7, { 0x5b });
    set(8, { 0xfd });
    set(9, { 0x30 });
    set(15, { 0x03 });
    set(68, { 0x5c });
    return s;
}

constexpr auto kSizes = makeSizes();

quint32 le(QByteArrayView v)
{
    quint32 out = 0;
    for (qsizetype i = std::min<qsizetype>(v.size(), 4) - 1; i >= 0; --i)
        out = (out << 8) | static_cast<quint8>(v[i]);
    return out;
}

QString numbered(const char *prefix, int n)
{
    return QString(QLatin1String(prefix) + QString::number(n));
}

} // namespace

int GalileoTags::size(quint8 tag)
{
    return kSizes[tag];
}

void GalileoTags::apply(quint8 tag, QByteArrayView value, Position &p)
{
    Attributes &a = p.attributes;
    const quint32 v = le(value);
    const qint64 n = v;
    if (tag >= 0x50 && tag <= 0x57)
        return a.set(numbered("adc", tag - 0x50), n);
    if (tag >= 0x60 && tag <= 0x62)
        return a.set(numbered("fuel", tag - 0x60), n);
    if (tag >= 0x70 && tag <= 0x77) {
        // Thermometer: id byte, temperature byte (signed, degrees).
        return a.set(numbered("temp", tag - 0x70), static_cast<int>(static_cast<qint8>(v >> 8)));
    }
    if (tag >= 0xa0 && tag <= 0xaf)
        return a.set(numbered("can8BitR", tag - 0xa0 + 15), n);
    if (tag >= 0xb0 && tag <= 0xb9)
        return a.set(numbered("can16BitR", tag - 0xb0 + 5), n);
    if (tag >= 0xc4 && tag <= 0xd2)
        return a.set(numbered("can8BitR", tag - 0xc4), n);
    if (tag >= 0xd6 && tag <= 0xda)
        return a.set(numbered("can16BitR", tag - 0xd6), n);
    if (tag >= 0xdb && tag <= 0xdf)
        return a.set(numbered("can32BitR", tag - 0xdb), n);
    if (tag >= 0xe2 && tag <= 0xe9)
        return a.set(numbered("userData", tag - 0xe2), n);
    if (tag >= 0xf0 && tag <= 0xf9)
        return a.set(numbered("can32BitR", tag - 0xf0 + 5), n);
    switch (tag) {
    case 0x01:
        return a.set(QStringLiteral("versionHw"), n);
    case 0x02:
        return a.set(QStringLiteral("versionFw"), n);
    case 0x04:
        return a.set(QStringLiteral("deviceId"), n);
    case 0x10:
        return a.set(attr::index, n);
    case 0x20:
        p.deviceTime = static_cast<TimeMs>(v) * 1000;
        return;
    case 0x33:
        p.speedKph = (v & 0xffff) / 10.0;
        p.course = (v >> 16) / 10.0;
        return;
    case 0x34:
        p.altitude = static_cast<qint16>(v);
        return;
    case 0x35:
        return a.set(attr::hdop, v / 10.0);
    case 0x40:
        return a.set(attr::status, n);
    case 0x41:
        return a.set(attr::power, v / 1000.0);
    case 0x42:
        return a.set(attr::battery, v / 1000.0);
    case 0x43:
        return a.set(QStringLiteral("deviceTemp"), static_cast<int>(static_cast<qint8>(v)));
    case 0x44:
        return a.set(QStringLiteral("acceleration"), n);
    case 0x45:
        return a.set(QStringLiteral("output"), n);
    case 0x46:
        return a.set(QStringLiteral("input"), n);
    case 0x48:
        return a.set(QStringLiteral("statusExtended"), n);
    case 0x58:
    case 0x59:
        return a.set(numbered("rs232", tag - 0x58), n);
    case 0x90:
        if (v != 0) // 0: no card
            a.set(QStringLiteral("driverUniqueId"), QString::number(v));
        return;
    case 0xc0:
        return a.set(QStringLiteral("fuelTotal"), v * 0.5);
    case 0xc1:
        // CAN: fuel level (0.4%), coolant temperature (+40), engine speed (0.125 rpm).
        a.set(QStringLiteral("fuel"), (v & 0xff) * 0.4);
        a.set(QStringLiteral("coolantTemp"), static_cast<int>((v >> 8) & 0xff) - 40);
        a.set(QStringLiteral("rpm"), (v >> 16) * 0.125);
        return;
    case 0xc2:
        return a.set(QStringLiteral("canB0"), n);
    case 0xc3:
        return a.set(QStringLiteral("canB1"), n);
    case 0xd4:
        return a.set(attr::odometer, n);
    case 0xe0:
        return a.set(attr::index, n);
    default:
        return; // sized, not kept
    }
}

} // namespace fw
