#include "Tk103Bms.h"

#include "ByteReader.h"

#include <QByteArray>

#include <cctype>

namespace fw::tk103 {

namespace {

bool hexBytes(QStringView text, QByteArray &out)
{
    if (text.size() % 2 != 0)
        return false;
    for (const QChar c : text) {
        if (!isxdigit(c.unicode() < 0x80 ? static_cast<unsigned char>(c.unicode()) : 'x'))
            return false;
    }
    out = QByteArray::fromHex(text.toLatin1());
    return true;
}

// Temperatures are sent as degrees Celsius + 40 in one byte.
int celsius(ByteReader &r)
{
    return r.u8() - 40;
}

bool decodeBlock(ByteReader &r, Attributes &a)
{
    r.skip(3); // header
    const int cells = r.u8();
    for (int i = 1; i <= 24; ++i) {
        const int millivolts = r.u16le();
        if (i <= cells)
            a.set(QStringLiteral("battery%1").arg(i), millivolts / 1000.0);
    }
    a.set(attr::charge, r.u8() == 0);
    a.set(QStringLiteral("current"), r.u16le() / 10.0);
    a.set(attr::battery, r.u16le() / 100.0);
    a.set(attr::batteryLevel, static_cast<int>(r.u8()));
    a.set(QStringLiteral("batteryOverheat"), r.u8() > 0);
    a.set(QStringLiteral("chargeProtection"), r.u8() > 0);
    a.set(QStringLiteral("dischargeProtection"), r.u8() > 0);
    r.skip(2); // line dropped, balancing
    a.set(QStringLiteral("cycles"), static_cast<int>(r.u16le()));
    a.set(QStringLiteral("faultAlarm"), static_cast<int>(r.u8()));
    r.skip(6);
    const int temperatures = r.u8();
    a.set(QStringLiteral("powerTemp"), celsius(r));
    a.set(QStringLiteral("equilibriumTemp"), celsius(r));
    for (int i = 1; i <= 7; ++i) {
        const int t = celsius(r);
        if (i <= temperatures)
            a.set(QStringLiteral("batteryTemp%1").arg(i), t);
    }
    a.set(QStringLiteral("calibrationCapacity"), r.u16le() / 100.0);
    a.set(QStringLiteral("dischargeCapacity"), static_cast<qint64>(r.u32le()));
    return !r.overrun();
}

void decodeItem(int key, ByteReader &r, Attributes &a)
{
    switch (key) {
    case 0x90:
        a.set(QStringLiteral("cumulativeVoltage"), r.u16le() / 10.0);
        a.set(QStringLiteral("gatherVoltage"), r.u16le() / 10.0);
        a.set(QStringLiteral("current"), (r.u16le() - 30000) / 10.0); // offset by 3000 A
        a.set(QStringLiteral("soc"), r.u16le() / 10.0);
        break;
    case 0x91:
        a.set(QStringLiteral("maxCellVoltage"), r.u16le() / 1000.0);
        a.set(QStringLiteral("maxCellVoltageCount"), static_cast<int>(r.u8()));
        a.set(QStringLiteral("minCellVoltage"), r.u16le() / 1000.0);
        a.set(QStringLiteral("minCellVoltageCount"), static_cast<int>(r.u8()));
        break;
    case 0x92:
        a.set(QStringLiteral("maxTemp"), celsius(r));
        a.set(QStringLiteral("maxTempCount"), static_cast<int>(r.u8()));
        a.set(QStringLiteral("minTemp"), celsius(r));
        a.set(QStringLiteral("minTempCount"), static_cast<int>(r.u8()));
        break;
    case 0x96: {
        r.u8(); // frame number
        for (int i = 1; r.remaining() > 0; ++i)
            a.set(QStringLiteral("cellTemp%1").arg(i), celsius(r));
        break;
    }
    default:
        break; // other items are not read
    }
}

} // namespace

bool decodeBms(QStringView command, QStringView data, Attributes &a)
{
    QByteArray bytes;
    if (command == u"BS50") {
        if (!hexBytes(data, bytes))
            return false;
        ByteReader r(bytes);
        Attributes read;
        if (!decodeBlock(r, read))
            return false;
        for (const Attributes::Entry &e : read)
            a.set(e.key, e.value);
        return true;
    }
    // BS51: "KK:hex,KK:hex,..."
    bool any = false;
    for (const QStringView item : data.split(u',')) {
        const qsizetype colon = item.indexOf(u':');
        bool ok = false;
        const int key = colon > 0 ? item.left(colon).toInt(&ok, 16) : 0;
        if (!ok || !hexBytes(item.sliced(colon + 1), bytes))
            continue;
        ByteReader r(bytes);
        decodeItem(key, r, a);
        any = true;
    }
    return any;
}

} // namespace fw::tk103
