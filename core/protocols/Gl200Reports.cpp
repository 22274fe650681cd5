#include "Gl200Reports.h"

#include <QHash>
#include <cmath>
#include <limits>

namespace fw::gl200 {

namespace {

bool isDigits(const QString &s, qsizetype min = 1, qsizetype max = 20)
{
    return s.size() >= min && s.size() <= max
        && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

bool isHex(const QString &s, qsizetype min = 1, qsizetype max = 16)
{
    return s.size() >= min && s.size() <= max
        && std::all_of(s.begin(), s.end(), [](QChar c) { return isxdigit(c.unicode()) != 0; });
}

// Field i, or an empty string past the end.
QString at(const QStringList &f, qsizetype i)
{
    return i >= 0 && i < f.size() ? f[i] : QString();
}

void setInt(Attributes &a, const QString &key, const QString &text, int base = 10)
{
    bool ok = false;
    const qlonglong v = text.toLongLong(&ok, base);
    if (ok)
        a.set(key, static_cast<int>(v));
}

void setDouble(Attributes &a, const QString &key, const QString &text, double scale = 1.0)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (ok)
        a.set(key, v * scale);
}

bool bit(quint64 mask, int n)
{
    return ((mask >> n) & 1u) != 0;
}

// The fields of a point read by index: fix (7), cell (4), two signal fields on GL5xx, then an
// append mask telling whether satellites and a trigger type follow.
qsizetype skipPoint(const QStringList &f, const QString &model, qsizetype i)
{
    i += 7 + 4;
    if (model.startsWith(u"GL5"))
        i += 2;
    if (model != u"GL320M") {
        const QString mask = at(f, i++);
        if (!mask.isEmpty()) {
            const int m = mask.toInt();
            i += (m & 1) + ((m >> 1) & 1);
        }
    }
    return i;
}

// An analog input: "F" and a number is a fuel sensor, otherwise millivolts.
void setAnalog(Attributes &a, int n, const QString &v)
{
    if (v.startsWith(u'F'))
        setInt(a, QStringLiteral("fuel%1").arg(n), v.mid(1));
    else
        setDouble(a, QStringLiteral("adc%1").arg(n), v, 0.001);
}

} // namespace

QString modelFromVersion(const QString &version)
{
    static const QHash<QString, QString> models = {
        { QStringLiteral("02"), QStringLiteral("GL200") },
        { QStringLiteral("04"), QStringLiteral("GV200") },
        { QStringLiteral("06"), QStringLiteral("GV300") },
        { QStringLiteral("08"), QStringLiteral("GMT100") },
        { QStringLiteral("09"), QStringLiteral("GV50P") },
        { QStringLiteral("0F"), QStringLiteral("GV55") },
        { QStringLiteral("10"), QStringLiteral("GV55 LITE") },
        { QStringLiteral("11"), QStringLiteral("GL500") },
        { QStringLiteral("1A"), QStringLiteral("GL300") },
        { QStringLiteral("1F"), QStringLiteral("GV500") },
        { QStringLiteral("21"), QStringLiteral("GL200") },
        { QStringLiteral("25"), QStringLiteral("GV300") },
        { QStringLiteral("27"), QStringLiteral("GV300W") },
        { QStringLiteral("28"), QStringLiteral("GL300VC") },
        { QStringLiteral("2C"), QStringLiteral("GL300W") },
        { QStringLiteral("2D"), QStringLiteral("GV500VC") },
        { QStringLiteral("2F"), QStringLiteral("GV55") },
        { QStringLiteral("4F"), QStringLiteral("GV56") },
        { QStringLiteral("30"), QStringLiteral("GL300") },
        { QStringLiteral("31"), QStringLiteral("GV65") },
        { QStringLiteral("35"), QStringLiteral("GV200") },
        { QStringLiteral("36"), QStringLiteral("GV500") },
        { QStringLiteral("3F"), QStringLiteral("GMT100") },
        { QStringLiteral("40"), QStringLiteral("GL500") },
        { QStringLiteral("41"), QStringLiteral("GV75W") },
        { QStringLiteral("42"), QStringLiteral("GT501") },
        { QStringLiteral("44"), QStringLiteral("GL530") },
        { QStringLiteral("45"), QStringLiteral("GB100") },
        { QStringLiteral("50"), QStringLiteral("GV55W") },
        { QStringLiteral("52"), QStringLiteral("GL50") },
        { QStringLiteral("55"), QStringLiteral("GL50B") },
        { QStringLiteral("5E"), QStringLiteral("GV500MAP") },
        { QStringLiteral("6E"), QStringLiteral("GV310LAU") },
        { QStringLiteral("BD"), QStringLiteral("CV200") },
        { QStringLiteral("C2"), QStringLiteral("GV600M") },
        { QStringLiteral("C3"), QStringLiteral("GL320M") },
        { QStringLiteral("DC"), QStringLiteral("GV600MG") },
        { QStringLiteral("DE"), QStringLiteral("GL500M") },
        { QStringLiteral("DF"), QStringLiteral("CV100LG") },
        { QStringLiteral("F1"), QStringLiteral("GV350M") },
        { QStringLiteral("F8"), QStringLiteral("GV800W") },
        { QStringLiteral("FC"), QStringLiteral("GV600W") },
        { QStringLiteral("802004"), QStringLiteral("GV58LAU") },
        { QStringLiteral("802005"), QStringLiteral("GV355CEU") },
        { QStringLiteral("80201E"), QStringLiteral("GV30CEU") },
    };
    const QString prefix = version.size() > 6 ? version.left(6) : version.left(2);
    return models.value(prefix.toUpper());
}

void decodeDeviceStatus(quint32 value, Attributes &a)
{
    const quint32 ignition = (value >> 16) & 0xff;
    if (ignition & 0x10)
        a.set(attr::ignition, false);
    else if (ignition & 0x20)
        a.set(attr::ignition, true);
    const int input = static_cast<int>((value >> 8) & 0xff);
    const int output = static_cast<int>(value & 0xff);
    a.set(QStringLiteral("input"), input);
    a.set(QStringLiteral("in1"), (input & 0x02) != 0);
    a.set(QStringLiteral("in2"), (input & 0x04) != 0);
    a.set(QStringLiteral("output"), output);
    a.set(QStringLiteral("out1"), (output & 0x01) != 0);
    a.set(QStringLiteral("out2"), (output & 0x02) != 0);
}

void decodeInf(const QStringList &f, const QString &model, Attributes &a)
{
    // head, version, id, name, state, ICCID, rssi, signal quality, external supply, ...
    if (at(f, 1).size() > 10 || f.size() < 12)
        return; // the GT300 layout puts the id first
    qsizetype i = 4;
    const QString state = at(f, i++);
    if (isHex(state, 1, 2)) {
        switch (state.toInt(nullptr, 16)) {
        case 0x16:
        case 0x1A:
        case 0x12:
            a.set(attr::ignition, false);
            a.set(attr::motion, true);
            break;
        case 0x11:
            a.set(attr::ignition, false);
            a.set(attr::motion, false);
            break;
        case 0x21:
            a.set(attr::ignition, true);
            a.set(attr::motion, false);
            break;
        case 0x22:
            a.set(attr::ignition, true);
            a.set(attr::motion, true);
            break;
        case 0x41: a.set(attr::motion, false); break;
        case 0x42: a.set(attr::motion, true); break;
        default: break;
        }
    }
    const QString iccid = at(f, i++);
    if (!iccid.isEmpty())
        a.set(QStringLiteral("iccid"), iccid);
    setInt(a, attr::rssi, at(f, i++));
    i += 2; // signal quality, external power supply
    if (at(f, i + 1).size() >= 12) { // a BLE sensor: its MAC, temperature and humidity
        i += 1;
        setInt(a, QStringLiteral("deviceTemp"), at(f, i++));
        setInt(a, QStringLiteral("humidity"), at(f, i++));
    }
    const QString supply = at(f, i++);
    if (supply.contains(u'.'))
        setDouble(a, attr::odometer, supply, 1000.0);
    else if (!supply.isEmpty())
        setDouble(a, attr::power, supply, 0.001);
    if (model != u"GV500VC") {
        const QString second = at(f, i++);
        if (model != u"GV350M" && model != u"GV310LAU" && !second.isEmpty())
            setDouble(a, QStringLiteral("power2"), second, 0.001);
    }
    setDouble(a, attr::battery, at(f, i++));
    const QString charging = at(f, i++);
    if (charging == u"1")
        a.set(attr::charge, true);
    if (model == u"GV310LAU") {
        i += 5; // LED state, power saving, external antenna, last fix time, pin mask
        for (int n = 1; n <= 3; ++n)
            setInt(a, QStringLiteral("adc%1").arg(n), at(f, i++));
    }
}

void decodeCan(const QStringList &f, const QString &model, Attributes &a)
{
    // head, version, id, name, report type, bus state, report mask, then the masked fields.
    bool ok = false;
    const quint64 mask = at(f, 6).toULongLong(&ok, 16);
    if (!ok)
        return;
    qsizetype i = 7;
    // Reads the next field when `n` is in the mask; empty fields are skipped.
    const auto next = [&](quint64 m, int n, QString &out) {
        if (!bit(m, n))
            return false;
        out = at(f, i++);
        return !out.isEmpty();
    };
    QString v;
    if (next(mask, 0, v))
        a.set(QStringLiteral("vin"), v);
    if (next(mask, 1, v))
        a.set(attr::ignition, v.toInt() > 0);
    if (next(mask, 2, v))
        setInt(a, QStringLiteral("obdOdometer"), v.mid(1));
    if (next(mask, 3, v))
        setDouble(a, QStringLiteral("fuelUsed"), v);
    if (next(mask, 5, v))
        setInt(a, QStringLiteral("rpm"), v);
    if (next(mask, 4, v))
        setInt(a, QStringLiteral("obdSpeed"), v);
    if (next(mask, 6, v))
        setInt(a, QStringLiteral("coolantTemp"), v);
    if (next(mask, 7, v) && v.startsWith(u"L/H"))
        setDouble(a, QStringLiteral("fuelConsumption"), v.mid(3));
    if (next(mask, 8, v))
        setDouble(a, QStringLiteral("fuel"), v.mid(1));
    if (next(mask, 9, v)) {
        bool rangeOk = false;
        const qlonglong range = v.toLongLong(&rangeOk);
        // Hectometres to metres; a value no vehicle can have is left out, not overflowed.
        constexpr qlonglong kMaxRange = std::numeric_limits<qlonglong>::max() / 100;
        if (rangeOk && range >= -kMaxRange && range <= kMaxRange)
            a.set(QStringLiteral("range"), range * 100);
    }
    if (next(mask, 10, v))
        setInt(a, QStringLiteral("throttle"), v);
    if (next(mask, 11, v)) {
        bool hoursOk = false;
        const double hours = v.toDouble(&hoursOk);
        // Hours to milliseconds, only where the result fits (and is a number at all).
        if (hoursOk && std::isfinite(hours) && std::abs(hours) < 2.5e12)
            a.set(QStringLiteral("hours"), static_cast<qint64>(hours * 3600000.0));
    }
    if (next(mask, 12, v))
        setDouble(a, QStringLiteral("drivingTime"), v);
    if (next(mask, 13, v))
        setDouble(a, QStringLiteral("idleHours"), v);
    if (next(mask, 14, v))
        setDouble(a, QStringLiteral("idleFuelConsumption"), v);
    if (next(mask, 15, v))
        setInt(a, QStringLiteral("axleWeight"), v);
    if (next(mask, 16, v))
        setInt(a, QStringLiteral("tachographInfo"), v, 16);
    if (next(mask, 17, v))
        setInt(a, QStringLiteral("indicators"), v, 16);
    if (next(mask, 18, v))
        setInt(a, QStringLiteral("lights"), v, 16);
    if (next(mask, 19, v))
        setInt(a, QStringLiteral("doors"), v, 16);
    if (next(mask, 20, v))
        setDouble(a, QStringLiteral("vehicleOverspeed"), v);
    if (next(mask, 21, v))
        setDouble(a, QStringLiteral("engineOverspeed"), v);
    // Model-specific fields we do not keep.
    const int last = model == u"GV350M" ? 24 : model == u"GV355CEU" ? 28 : 21;
    for (int n = 22; n <= last; ++n)
        i += bit(mask, n) ? 1 : 0;
    quint64 extended = 0;
    if (next(mask, 29, v))
        extended = v.toULongLong(nullptr, 16);
    if (next(extended, 0, v))
        setDouble(a, QStringLiteral("adBlueLevel"), v.mid(1));
}

void decodeVer(const QStringList &f, Attributes &a)
{
    // head, version, id, name, device type, firmware (hex), hardware (hex), time, count
    if (f.size() < 8)
        return;
    if (!at(f, 4).isEmpty())
        a.set(QStringLiteral("deviceType"), at(f, 4));
    setInt(a, QStringLiteral("versionFw"), at(f, 5), 16);
    setInt(a, QStringLiteral("versionHw"), at(f, 6), 16);
}

void decodeDtt(const QStringList &f, Attributes &a)
{
    // head, version, id, name, "", "", data type, data length, data (hex), time, count
    const QString hex = at(f, 8);
    if (!isHex(hex, 2, 4096) || hex.size() % 2)
        return;
    const QString data = QString::fromLatin1(QByteArray::fromHex(hex.toLatin1()));
    if (data.contains(u"COMB"))
        setDouble(a, QStringLiteral("fuel"), data.split(u',').value(2));
    else
        a.set(attr::result, data);
}

void decodeEri(const QStringList &f, const QString &model, Attributes &a)
{
    // head, version, id, name, mask, power, report type, count, points, tail
    bool ok = false;
    const quint64 mask = at(f, 4).toULongLong(&ok, 16);
    const int count = at(f, 7).toInt();
    if (!ok || count < 1 || count > 100)
        return;
    if (!at(f, 5).isEmpty())
        setDouble(a, attr::power, at(f, 5), 0.001);
    qsizetype i = 8;
    for (int n = 0; n < count; ++n)
        i = skipPoint(f, model, i);
    if (i >= f.size() - 2)
        return;
    const bool gl5 = model.startsWith(u"GL5");
    if (!gl5 && !at(f, i++).isEmpty())
        setDouble(a, attr::odometer, at(f, i - 1), 1000.0);
    if (!gl5 && model != u"GL320M") {
        i += 1; // hour meter
        if (!at(f, i++).isEmpty())
            setAnalog(a, 1, at(f, i - 1));
    }
    if (model.startsWith(u"GV") && !model.startsWith(u"GV6") && model != u"GV350M"
        && !at(f, i++).isEmpty())
        setAnalog(a, 2, at(f, i - 1));
    if ((model == u"GV200" || model == u"GV310LAU") && !at(f, i++).isEmpty())
        setAnalog(a, 3, at(f, i - 1));
    if ((model.startsWith(u"GV3") && model.endsWith(u"CEU")) || model.startsWith(u"GV600M"))
        i += 1; // reserved
    if (gl5) {
        setInt(a, attr::batteryLevel, at(f, i++));
        i += 1; // mode
        if (!at(f, i++).isEmpty())
            a.set(attr::motion, at(f, i - 1).toInt() > 0);
    } else if (model == u"GV200") {
        setInt(a, QStringLiteral("input"), at(f, i++), 16);
        setInt(a, QStringLiteral("output"), at(f, i++), 16);
        i += 1; // UART device type
    } else if (model == u"GL320M") {
        setInt(a, attr::batteryLevel, at(f, i++));
        if (bit(mask, 7))
            setInt(a, QStringLiteral("externalBattery"), at(f, i++));
    } else {
        setInt(a, attr::batteryLevel, at(f, i++));
        const QString status = at(f, i++);
        if (isHex(status, 6, 6))
            decodeDeviceStatus(status.toUInt(nullptr, 16), a);
        i += 1; // reserved or UART device type
    }
    const qsizetype end = f.size() - 2; // the send time and the count follow
    if (bit(mask, 0) && model != u"GV350M" && i < end)
        setInt(a, QStringLiteral("fuel"), at(f, i++), 16);
    if (bit(mask, 1) && i < end) {
        const int devices = at(f, i++).toInt();
        for (int n = 1; n <= devices && n <= 8 && i + 2 < end + 1; ++n) {
            i += 2; // id, type
            bool tempOk = false;
            const int raw = at(f, i++).toInt(&tempOk, 16);
            if (tempOk)
                a.set(QStringLiteral("temp%1").arg(n), static_cast<qint16>(raw) * 0.0625);
        }
    }
    if (bit(mask, 2))
        return; // CAN data follows; not kept
    if ((bit(mask, 3) || bit(mask, 4) || (bit(mask, 0) && model == u"GV350M")) && i < end) {
        const int devices = at(f, i++).toInt();
        for (int n = 1; n <= devices && n <= 8 && i < end; ++n) {
            i += 1; // type
            if (model == u"GV350M") {
                i += 1; // UART id
                if (bit(mask, 0))
                    setInt(a, QStringLiteral("fuel"), at(f, i++), 16);
            }
            if (bit(mask, 3))
                setDouble(a, QStringLiteral("fuel"), at(f, i++));
            if (bit(mask, 4))
                i += 1; // volume
        }
    }
}

void decodeFri(const QStringList &f, qsizetype firstTimeAt, qsizetype lastTimeAt, Attributes &a)
{
    // Before the points: power, report type, count, [reserved, battery level].
    const qsizetype pointStart = firstTimeAt - 6;
    if (pointStart - 4 == 5) {
        bool ok = false;
        const int power = at(f, 4).toInt(&ok);
        if (ok && power > 10)
            a.set(attr::power, power / 1000.0);
        if (isDigits(at(f, 8), 1, 3))
            setInt(a, attr::batteryLevel, at(f, 8));
    }
    // After the last point's cell and signal: one of four tails, told apart by their shape.
    const qsizetype sendAt = f.size() - 2;
    qsizetype cellAt = lastTimeAt + 1;
    if (isDigits(at(f, cellAt), 1, 2) && isHex(at(f, cellAt + 1), 12, 12))
        cellAt += 1 + 5 * at(f, cellAt).toInt(); // Wi-Fi: count, then mac,rssi,,, each
    QStringList t;
    for (qsizetype i = cellAt + 5; i < sendAt; ++i)
        t << f[i];
    const auto field = [&t](qsizetype i) { return i < t.size() ? t[i] : QString(); };
    for (qsizetype k = 5; k <= 6; ++k) { // odometer, hours, adc1, adc2, [reserved], battery
        if (!isHex(field(k), 6, 6) || !(field(0).isEmpty() || field(0).contains(u'.')))
            continue;
        if (isDigits(field(k - 1), 1, 3))
            setInt(a, attr::batteryLevel, field(k - 1));
        decodeDeviceStatus(field(k).toUInt(nullptr, 16), a);
        if (!field(0).isEmpty())
            setDouble(a, attr::odometer, field(0), 1000.0);
        setInt(a, QStringLiteral("rpm"), field(k + 1));
        setInt(a, QStringLiteral("fuel"), field(k + 3));
        return;
    }
    if (t.size() >= 4 && isDigits(field(0), 1, 2)
        && (field(1).isEmpty() || isDigits(field(1), 1, 5)) && isDigits(field(2), 1, 3)
        && (field(3) == u"0" || field(3) == u"1")) { // GL5xx: battery volts and level, mode
        if (!field(1).isEmpty())
            setDouble(a, attr::battery, field(1), 0.001);
        setInt(a, attr::batteryLevel, field(2));
        setDouble(a, QStringLiteral("temp1"), field(5));
        return;
    }
    const QString signal = field(0).startsWith(u'-') ? field(0).mid(1) : field(0);
    if (t.size() >= 2 && isDigits(signal, 1, 1) && isDigits(field(1), 1, 3)) {
        // signal and battery level
        setInt(a, attr::rssi, field(0));
        setInt(a, attr::batteryLevel, field(1));
        return;
    }
    const qsizetype b = field(0).isEmpty() || field(0).contains(u'.') ? 1 : 0;
    if (b == 1 && field(0).contains(u'.'))
        setDouble(a, attr::odometer, field(0), 1000.0);
    if (isDigits(field(b), 1, 3))
        setInt(a, attr::batteryLevel, field(b));
}

void decodeBasic(const QStringList &f, Attributes &a)
{
    // A battery level just before the send time.
    const qsizetype sendAt = f.size() - 2;
    if (sendAt > 0 && at(f, sendAt).size() == 14 && isDigits(at(f, sendAt - 1), 1, 3))
        setInt(a, attr::batteryLevel, at(f, sendAt - 1));
}

void decodeAccessory(const QString &type, const QStringList &f, Attributes &a)
{
    // GTBAA: index, accessory type, model, alarm type, mask; GTBID: count, model, mask.
    const bool baa = type == u"GTBAA";
    qsizetype i = baa ? 8 : 6;
    bool ok = false;
    const int mask = at(f, i++).toInt(&ok, 16);
    if (!ok)
        return;
    if (baa && bit(mask, 0))
        a.set(QStringLiteral("accessoryName"), at(f, i++));
    if (bit(mask, 1))
        a.set(QStringLiteral("accessoryMac"), at(f, i++));
    if (baa && bit(mask, 2))
        setInt(a, QStringLiteral("accessoryStatus"), at(f, i++));
    if (bit(mask, 3))
        setDouble(a, QStringLiteral("accessoryVoltage"), at(f, i++), 0.001);
    if (baa && bit(mask, 4))
        setInt(a, QStringLiteral("accessoryTemp"), at(f, i++));
    if (baa && bit(mask, 5))
        setInt(a, QStringLiteral("accessoryHumidity"), at(f, i++));
}

void decodeDar(const QStringList &f, Attributes &a)
{
    // head, version, id, name, warning type, fatigue degree, "", "", point
    const QString warning = at(f, 4);
    if (!isDigits(warning, 1, 1))
        return;
    if (warning == u"1") {
        a.set(attr::alarm, alarm::fatigueDriving);
        setInt(a, QStringLiteral("fatigueDegree"), at(f, 5));
    } else {
        a.set(QStringLiteral("warningType"), warning.toInt());
    }
}

void decodeDat(const QStringList &f, Attributes &a)
{
    // head, version, id, name, report type, reserved, reserved, data, point
    if (f.size() > 8 && !at(f, 7).isEmpty())
        a.set(QStringLiteral("data"), at(f, 7));
}

} // namespace fw::gl200
