#include "RuptelaIoElements.h"

#include <limits>

namespace fw {

namespace {

quint64 unsignedValue(QByteArrayView v)
{
    quint64 out = 0;
    for (char c : v)
        out = (out << 8) | static_cast<quint8>(c);
    return out;
}

qint64 signedValue(QByteArrayView v)
{
    const quint64 raw = unsignedValue(v);
    const int bits = static_cast<int>(v.size()) * 8;
    if (bits == 0 || bits >= 64)
        return static_cast<qint64>(raw);
    const quint64 sign = quint64(1) << (bits - 1);
    return static_cast<qint64>((raw ^ sign) - sign);
}

QString ioKey(int id)
{
    return QString(QStringLiteral("io") + QString::number(id));
}

void addAlarm(Attributes &a, const QString &name)
{
    const QString now = a.value(attr::alarm).toString();
    if (now.isEmpty())
        a.set(attr::alarm, name);
    else if (!now.split(u',').contains(name))
        a.set(attr::alarm, QString(now + u',' + name));
}

// Two 8-byte halves of an id written as text (CAN / tachograph driver cards).
void joinText(Attributes &a, const QString &k1, const QString &k2, const QString &key)
{
    if (!a.contains(k1) || !a.contains(k2))
        return;
    QByteArray text;
    for (const QString &k : { k1, k2 }) {
        const quint64 v = a.value(k).toULongLong();
        for (int shift = 56; shift >= 0; shift -= 8)
            text.append(static_cast<char>((v >> shift) & 0xff));
        a.remove(k);
    }
    a.set(key, QString::fromLatin1(text));
}

} // namespace

void RuptelaIoElements::decode(Attributes &a, int id, QByteArrayView value)
{
    const quint64 u = unsignedValue(value);
    const qint64 n = static_cast<qint64>(u);
    switch (id) {
    case 2:
    case 3:
    case 4:
    case 5:
        a.set(QString(QStringLiteral("in") + QString::number(id - 1)), n);
        return;
    case 13:
    case 173:
        a.set(attr::motion, u > 0);
        return;
    case 20:
    case 21:
        a.set(QString(QStringLiteral("adc") + QString::number(id - 17)), n);
        return;
    case 22:
    case 23:
        a.set(QString(QStringLiteral("adc") + QString::number(id - 21)), n);
        return;
    case 27:
        a.set(attr::rssi, n);
        return;
    case 29:
        a.set(attr::power, u / 1000.0);
        return;
    case 30:
        a.set(attr::battery, u / 1000.0);
        return;
    case 32:
        a.set(QStringLiteral("deviceTemp"), signedValue(value));
        return;
    case 34:
        a.set(QStringLiteral("driverUniqueId"), QString::fromLatin1(value.toByteArray().toHex()));
        return;
    case 39:
        a.set(QStringLiteral("engineLoad"), n);
        return;
    case 65:
        a.set(attr::odometer, n);
        return;
    case 74:
        a.set(QStringLiteral("temp3"), signedValue(value) / 10.0);
        return;
    case 78:
    case 79:
    case 80:
        a.set(QString(QStringLiteral("temp") + QString::number(id - 78)), signedValue(value) / 10.0);
        return;
    case 88:
        if (u > 0)
            addAlarm(a, alarm::jamming);
        return;
    case 94:
        a.set(QStringLiteral("rpm"), u * 0.25);
        return;
    case 95:
        a.set(QStringLiteral("obdSpeed"), n);
        return;
    case 98:
        a.set(QStringLiteral("fuel"), u * 100 / 255.0);
        return;
    case 100:
        a.set(QStringLiteral("fuelConsumption"), u / 20.0);
        return;
    case 134:
        if (u > 0)
            addAlarm(a, alarm::hardBraking);
        return;
    case 136:
        if (u > 0)
            addAlarm(a, alarm::hardAcceleration);
        return;
    case 150:
        a.set(QStringLiteral("operator"), n);
        return;
    case 163:
        a.set(attr::odometer, n * 5);
        return;
    case 164:
        a.set(QStringLiteral("tripOdometer"), n * 5);
        return;
    case 165:
        a.set(QStringLiteral("obdSpeed"), u / 256.0);
        return;
    case 166:
    case 197:
        a.set(QStringLiteral("rpm"), u * 0.125);
        return;
    case 170:
        a.set(attr::charge, u > 0);
        return;
    case 205:
        a.set(QStringLiteral("fuel"), n);
        return;
    case 207:
        a.set(QStringLiteral("fuelLevel"), u * 0.4);
        return;
    case 208:
        a.set(QStringLiteral("fuelUsed"), u * 0.5);
        return;
    case 251:
    case 409:
        a.set(attr::ignition, u > 0);
        return;
    case 410:
        if (u > 0)
            addAlarm(a, alarm::tow);
        return;
    case 411:
        if (u > 0)
            addAlarm(a, alarm::accident);
        return;
    case 415:
        if (u == 0)
            addAlarm(a, alarm::gpsAntennaCut);
        return;
    case 645:
        if (u <= quint64(std::numeric_limits<qint64>::max() / 1000)) // km to m, where it fits
            a.set(QStringLiteral("obdOdometer"), n * 1000);
        return;
    case 758:
        if (u == 1)
            addAlarm(a, alarm::tampering);
        return;
    default:
        a.set(ioKey(id), n);
        return;
    }
}

void RuptelaIoElements::finish(Attributes &a)
{
    // Built once: finish() runs for every record.
    static const QString can1 = ioKey(126), can2 = ioKey(127);
    static const QString tco1 = ioKey(155), tco2 = ioKey(156);
    static const QString k1 = ioKey(760), k2 = ioKey(761);
    joinText(a, can1, can2, QStringLiteral("driverUniqueId")); // CAN driver card
    joinText(a, tco1, tco2, QStringLiteral("driverUniqueId")); // tachograph driver card
    if (a.contains(k1) && a.contains(k2)) {
        a.set(QStringLiteral("tagId"), QString(QString::number(a.value(k1).toULongLong(), 16)
                                               + QString::number(a.value(k2).toULongLong(), 16)));
        a.remove(k1);
        a.remove(k2);
    }
}

} // namespace fw
