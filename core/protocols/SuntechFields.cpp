#include "SuntechFields.h"

#include <algorithm>
#include <cctype>

namespace fw::suntech {

namespace {

bool isHex(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return isxdigit(c.unicode()) != 0; });
}

bool isDigits(const QString &s)
{
    return !s.isEmpty()
        && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

} // namespace

void setInt(Attributes &a, const QString &key, const QString &text, int base)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok, base);
    if (ok)
        a.set(key, static_cast<int>(v));
}

void setDouble(Attributes &a, const QString &key, const QString &text)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (ok)
        a.set(key, v);
}

// The items of a UEX block: "t_0=1C" temperatures, "N_0=0419.0" fuel (hex before the point),
// "Q_D=09" driving quality, CabAVL fuel texts, GTSL driver ids, anything else is the device's
// free text.
void readUserData(SuntechFields &f, Position &p)
{
    Attributes &a = p.attributes;
    int remaining = f.next().toInt();
    double totalFuel = 0;
    while (remaining > 0 && !f.atEnd()) {
        const QString raw = f.next();
        remaining -= static_cast<int>(raw.size()) + 1;
        const QString item = raw.trimmed();
        if (item.startsWith(u"CabAVL")) {
            const QStringList d = item.split(u',');
            for (int i = 1; i <= 2; ++i) {
                const double fuel = d.value(1 + i).toDouble();
                if (fuel > 0) {
                    totalFuel += fuel;
                    a.set(QStringLiteral("fuel%1").arg(i), fuel);
                }
            }
        } else if (item.startsWith(u"GTSL")) {
            a.set(QStringLiteral("driverUniqueId"), item.split(u'|').value(4));
        } else if (item.size() > 3 && item[1] == u'_' && item.contains(u'=')) {
            const qsizetype eq = item.indexOf(u'=');
            const QString value = item.mid(eq + 1).section(u'.', 0, 0);
            bool ok = false;
            const int v = value.toInt(&ok, 16);
            if (!ok)
                continue;
            if (item[0] == u't') {
                a.set(QStringLiteral("temp") + item[2], v);
            } else if (item[0] == u'N') {
                totalFuel += v;
                a.set(QStringLiteral("fuel") + item[2], v);
            } else if (item[0] == u'Q') {
                a.set(QStringLiteral("drivingQuality"), v);
            }
        } else if (!item.isEmpty() && std::all_of(item.begin(), item.end(), [](QChar c) {
                       return c.unicode() >= 0x20 && c.unicode() < 0x7f;
                   })) {
            a.set(QStringLiteral("serial"), item); // free text; binary blocks are not kept
        }
    }
    if (totalFuel > 0)
        a.set(QStringLiteral("fuel"), totalFuel);
}

// Fields some firmware appends to STT/ALT/EVT/EMG/UEX reports, told apart by their shape
// (the device's configuration says which are on): engine minutes, backup battery volts and
// the live/archive flag; then up to three analog inputs ("4.68"), the engine rpm, a driver's
// iButton id (14 hex digits) with its flag, and 1-Wire temperatures ("sensor:+13.7").
void readMeterTail(SuntechFields &f, Attributes &a)
{
    if (f.left() < 3 || !isDigits(f.peek()) || !f.peek(1).contains(u'.')
        || (f.peek(2) != u"0" && f.peek(2) != u"1"))
        return;
    a.set(QStringLiteral("hours"), f.next().toLongLong() * 60000);
    setDouble(a, attr::battery, f.next());
    if (f.next() == u"0")
        a.set(attr::archive, true);
    for (int i = 1; i <= 3 && !f.atEnd(); ++i) {
        const QString v = f.peek();
        if (!v.isEmpty() && !v.contains(u'.'))
            break;
        f.skip();
        setDouble(a, QStringLiteral("adc%1").arg(i), v);
    }
    const auto isDriver = [](const QString &s) { return s.size() == 14 && isHex(s); };
    if (isDigits(f.peek()) && f.peek().size() <= 5 && isDriver(f.peek(1)))
        setInt(a, QStringLiteral("rpm"), f.next());
    while (!f.atEnd() && f.peek().isEmpty())
        f.skip();
    if (isDriver(f.peek())) {
        const QString driver = f.next();
        const QString flag = f.next();
        if (flag == u"1" || driver != QString(14, u'0'))
            a.set(QStringLiteral("driverUniqueId"), driver);
    }
    for (int i = 1; i <= 3 && !f.atEnd(); ++i) {
        const QString t = f.next();
        const qsizetype colon = t.indexOf(u':');
        if (colon < 0)
            break;
        setDouble(a, QStringLiteral("temp%1").arg(i), t.mid(colon + 1));
    }
}


} // namespace fw::suntech
