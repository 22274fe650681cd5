#include "TeltonikaIoElements.h"

#include "ByteReader.h"

#include <array>

namespace fw {

namespace {

const QString kBatteryLevel = QStringLiteral("batteryLevel");
const QString kDriverUniqueId = QStringLiteral("driverUniqueId");
const QString kTripOdometer = QStringLiteral("tripOdometer");
const QString kOperator = QStringLiteral("operator");
const QString kPdop = QStringLiteral("pdop");
const QString kVdop = QStringLiteral("vdop");
const QString kVin = QStringLiteral("vin");
const QString kDtcs = QStringLiteral("dtcs");

// "io<id>" keys for the ids every device sends, built once; rarer ids are built on demand.
const QString &ioKey(int id, QString &scratch)
{
    static const std::array<QString, 1024> keys = [] {
        std::array<QString, 1024> k;
        for (int i = 0; i < 1024; ++i)
            k[static_cast<size_t>(i)] = QStringLiteral("io") + QString::number(i);
        return k;
    }();
    if (id >= 0 && id < 1024)
        return keys[static_cast<size_t>(id)];
    scratch = QStringLiteral("io") + QString::number(id);
    return scratch;
}

const QString &indexedKey(const char *prefix, int index, const char *suffix, QString &scratch)
{
    scratch = QLatin1String(prefix) + QString::number(index) + QLatin1String(suffix);
    return scratch;
}

qint64 signedValue(quint64 raw, int width)
{
    switch (width) {
    case 1:
        return static_cast<qint8>(raw);
    case 2:
        return static_cast<qint16>(raw);
    case 4:
        return static_cast<qint32>(raw);
    default:
        return static_cast<qint64>(raw);
    }
}

void addAlarm(Attributes &a, const QString &alarm)
{
    const QString existing = a.value(attr::alarm).toString();
    a.set(attr::alarm, existing.isEmpty() ? alarm : existing + QLatin1Char(',') + alarm);
}

QString hex(QByteArrayView v)
{
    return QString::fromLatin1(v.toByteArray().toHex());
}

// BLE tag list (Codec 8 Extended variable-length ids 548, 10829, 10831).
void decodeTags(Attributes &a, QByteArrayView data)
{
    ByteReader r(data);
    r.u8(); // header
    QString scratch;
    for (int i = 1; !r.atEnd() && !r.overrun() && i < 256; ++i) {
        const int beaconLength = r.u8();
        ByteReader b(r.bytes(beaconLength));
        while (!b.atEnd() && !b.overrun()) {
            const int pid = b.u8();
            const int plen = b.u8();
            switch (pid) {
            case 0:
                a.set(indexedKey("tag", i, "Rssi", scratch), static_cast<int>(b.s8()));
                b.skip(plen - 1);
                break;
            case 1:
                a.set(indexedKey("tag", i, "Id", scratch), hex(b.bytes(plen)));
                break;
            case 2: {
                ByteReader d(b.bytes(plen));
                const int flag = d.u8();
                if (flag & 0x40)
                    a.set(indexedKey("tag", i, "LowBattery", scratch), true);
                if ((flag & 0x80) && !d.atEnd())
                    a.set(indexedKey("tag", i, "Voltage", scratch), d.u8() * 10 + 2000);
                break;
            }
            case 13:
                a.set(indexedKey("tag", i, "LowBattery", scratch), static_cast<int>(b.u8()));
                b.skip(plen - 1);
                break;
            case 14:
                a.set(indexedKey("tag", i, "Battery", scratch), static_cast<int>(b.u16()));
                b.skip(plen - 2);
                break;
            default:
                b.skip(plen);
                break;
            }
        }
    }
}

} // namespace

void TeltonikaIoElements::decode(Attributes &a, int id, int width, quint64 raw, bool gh3000)
{
    QString scratch;
    if (gh3000) {
        switch (id) {
        case 1:
            a.set(kBatteryLevel, static_cast<qint64>(raw));
            return;
        case 2:
            a.set(QStringLiteral("usbConnected"), raw == 1);
            return;
        case 5:
            a.set(QStringLiteral("uptime"), static_cast<qint64>(raw));
            return;
        case 20:
            a.set(attr::hdop, raw * 0.1);
            return;
        case 21:
            a.set(kVdop, raw * 0.1);
            return;
        case 22:
            a.set(kPdop, raw * 0.1);
            return;
        case 67:
            a.set(attr::battery, raw * 0.001);
            return;
        case 221:
            a.set(QStringLiteral("button"), static_cast<qint64>(raw));
            return;
        case 222:
            if (raw == 1)
                addAlarm(a, alarm::sos);
            return;
        case 240:
            a.set(attr::motion, raw == 1);
            return;
        case 244:
            a.set(QStringLiteral("roaming"), raw == 1);
            return;
        default:
            a.set(ioKey(id, scratch), static_cast<qint64>(raw));
            return;
        }
    }
    switch (id) {
    case 1:
    case 2:
    case 3:
    case 4:
        a.set(indexedKey("in", id, "", scratch), raw > 0);
        return;
    case 9:
    case 10:
        a.set(indexedKey("adc", id - 8, "", scratch), raw / 1000.0); // analog input, mV
        return;
    case 11:
        a.set(QStringLiteral("iccid"), QString::number(raw));
        return;
    case 12:
        a.set(QStringLiteral("fuelUsed"), raw / 1000.0); // GNSS-estimated, l
        return;
    case 13:
        a.set(QStringLiteral("fuelConsumption"), raw / 100.0); // l/100 km
        return;
    case 16:
        a.set(attr::odometer, static_cast<qint64>(raw));
        return;
    case 17:
        a.set(QStringLiteral("axisX"), static_cast<int>(signedValue(raw, width)));
        return;
    case 18:
        a.set(QStringLiteral("axisY"), static_cast<int>(signedValue(raw, width)));
        return;
    case 19:
        a.set(QStringLiteral("axisZ"), static_cast<int>(signedValue(raw, width)));
        return;
    case 21:
        a.set(attr::rssi, static_cast<int>(raw));
        return;
    case 25:
    case 26:
    case 27:
    case 28:
        a.set(indexedKey("bleTemp", id - 24, "", scratch), signedValue(raw, width) * 0.01);
        return;
    case 30:
        a.set(QStringLiteral("faultCount"), static_cast<int>(raw)); // OBD trouble codes
        return;
    case 31:
        a.set(QStringLiteral("engineLoad"), static_cast<int>(raw));
        return;
    case 32:
        a.set(QStringLiteral("coolantTemp"), static_cast<int>(signedValue(raw, width)));
        return;
    case 36:
    case 85:
        a.set(QStringLiteral("rpm"), static_cast<int>(raw));
        return;
    case 66:
        a.set(attr::power, raw * 0.001);
        return;
    case 67:
        a.set(attr::battery, raw * 0.001);
        return;
    case 68:
        a.set(QStringLiteral("batteryCurrent"), raw * 0.001);
        return;
    case 72:
    case 73:
    case 74:
    case 75:
        // Dallas 1-Wire temperatures, 0.1 degC
        a.set(indexedKey("temp", id - 71, "", scratch), signedValue(raw, width) / 10.0);
        return;
    case 80:
        a.set(QStringLiteral("dataMode"), static_cast<int>(raw));
        return;
    case 81:
        a.set(QStringLiteral("obdSpeed"), static_cast<int>(raw));
        return;
    case 82:
        a.set(QStringLiteral("throttle"), static_cast<int>(raw));
        return;
    case 83:
    case 107:
        a.set(QStringLiteral("fuelUsed"), raw / 10.0); // CAN, l
        return;
    case 84:
        a.set(QStringLiteral("fuel"), raw / 10.0); // CAN fuel level, l
        return;
    case 87:
        a.set(QStringLiteral("obdOdometer"), static_cast<qint64>(raw));
        return;
    case 89:
        a.set(QStringLiteral("fuelLevel"), static_cast<int>(raw)); // percent
        return;
    case 110:
        a.set(QStringLiteral("fuelConsumption"), raw / 10.0);
        return;
    case 113:
        a.set(kBatteryLevel, static_cast<int>(raw));
        return;
    case 115:
        a.set(QStringLiteral("engineTemp"), signedValue(raw, width) / 10.0);
        return;
    case 155:
    case 156:
    case 157:
    case 158:
    case 159:
        // Geofence zones 1-5 of the device's own geofencing: 0 = left, 1 = entered
        a.set(indexedKey("geofenceZone", id - 154, "", scratch), static_cast<int>(raw));
        return;
    case 175:
        addAlarm(a, raw > 0 ? alarm::geofenceEnter : alarm::geofenceExit); // auto geofence
        return;
    case 78:
        if (raw != 0) {
            // iButton id is sent little-endian
            quint64 le = 0;
            for (int i = 0; i < 8; ++i)
                le = (le << 8) | ((raw >> (8 * i)) & 0xff);
            if (width != 8)
                le = raw;
            a.set(kDriverUniqueId,
                QString::number(le, 16).toUpper().rightJustified(16, QLatin1Char('0')));
        }
        return;
    case 179:
        a.set(QStringLiteral("out1"), raw > 0);
        return;
    case 180:
        a.set(QStringLiteral("out2"), raw > 0);
        return;
    case 181:
        a.set(kPdop, raw * 0.1);
        return;
    case 182:
        a.set(attr::hdop, raw * 0.1);
        return;
    case 199:
        a.set(kTripOdometer, static_cast<qint64>(raw));
        return;
    case 200:
        a.set(QStringLiteral("sleepMode"), static_cast<int>(raw));
        return;
    case 205:
        a.set(QStringLiteral("cid2g"), static_cast<int>(raw));
        return;
    case 206:
        a.set(QStringLiteral("lac"), static_cast<int>(raw));
        return;
    case 236:
        if (raw > 0)
            addAlarm(a, alarm::general);
        return;
    case 239:
        a.set(attr::ignition, raw > 0);
        return;
    case 240:
        a.set(attr::motion, raw > 0);
        return;
    case 241:
        a.set(kOperator, static_cast<qint64>(raw));
        return;
    case 246:
        if (raw > 0)
            addAlarm(a, alarm::tow);
        return;
    case 247:
        if (raw > 0)
            addAlarm(a, alarm::accident);
        return;
    case 249:
        if (raw > 0)
            addAlarm(a, alarm::jamming);
        return;
    case 251:
        if (raw > 0)
            addAlarm(a, alarm::idle);
        return;
    case 255:
        if (raw > 0)
            addAlarm(a, alarm::overspeed);
        return;
    case 636:
        a.set(QStringLiteral("cid4g"), static_cast<qint64>(raw));
        return;
    case 662:
        a.set(QStringLiteral("door"), raw > 0);
        return;
    case 10644:
    case 10645:
    case 10646:
    case 10647:
    case 10648:
    case 10649:
        a.set(indexedKey("tempProbe", id - 10643, "", scratch), signedValue(raw, width) * 0.01);
        return;
    case 252:
        if (raw > 0)
            addAlarm(a, alarm::powerCut);
        return;
    case 253:
        if (raw == 1)
            addAlarm(a, alarm::hardAcceleration);
        else if (raw == 2)
            addAlarm(a, alarm::hardBraking);
        else if (raw == 3)
            addAlarm(a, alarm::hardCornering);
        return;
    case 10800:
    case 10801:
    case 10802:
    case 10803:
        a.set(indexedKey("eyeTemp", id - 10799, "", scratch), signedValue(raw, width) * 0.01);
        return;
    case 10804:
    case 10805:
    case 10806:
    case 10807:
        a.set(indexedKey("eyeHumidity", id - 10803, "", scratch), static_cast<int>(raw));
        return;
    default:
        a.set(ioKey(id, scratch), static_cast<qint64>(raw));
        return;
    }
}

void TeltonikaIoElements::decodeVariable(Attributes &a, int id, QByteArrayView value)
{
    if (id == 256) {
        a.set(kVin, QString::fromLatin1(value));
    } else if (id == 281) {
        QByteArray codes = value.toByteArray();
        codes.replace(',', ' ');
        a.set(kDtcs, QString::fromLatin1(codes));
    } else if (id == 548 || id == 10829 || id == 10831) {
        decodeTags(a, value);
    } else {
        decodeRaw(a, id, value);
    }
}

void TeltonikaIoElements::decodeRaw(Attributes &a, int id, QByteArrayView value)
{
    QString scratch;
    a.set(ioKey(id, scratch), hex(value));
}

} // namespace fw
