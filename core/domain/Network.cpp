#include "Network.h"

#include <QVariantList>
#include <QVariantMap>

using namespace Qt::StringLiterals;

namespace fw {

namespace {
const QString kRadioType = u"radioType"_s;
const QString kCellTowers = u"cellTowers"_s;
const QString kWifi = u"wifiAccessPoints"_s;
const QString kMcc = u"mobileCountryCode"_s;
const QString kMnc = u"mobileNetworkCode"_s;
const QString kLac = u"locationAreaCode"_s;
const QString kCid = u"cellId"_s;
const QString kSignal = u"signalStrength"_s;
const QString kMac = u"macAddress"_s;

int hexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}
} // namespace

void Network::addCell(int mcc, int mnc, qint64 lac, qint64 cid, int signal)
{
    cellTowers.append({ mcc, mnc, lac, cid, signal });
}

void Network::addWifi(QStringView mac, int signal)
{
    static constexpr char kHex[] = "0123456789abcdef";
    QString text;
    text.reserve(17);
    int digits = 0;
    for (const QChar c : mac) {
        const int d = hexDigit(c);
        if (d < 0) {
            if (c == u':' || c == u'-' || c == u'.')
                continue;
            return;
        }
        if (digits == 12)
            return;
        if (digits > 0 && digits % 2 == 0)
            text += u':';
        text += QLatin1Char(kHex[d]);
        ++digits;
    }
    if (digits != 12)
        return;
    wifiAccessPoints.append({ text, signal });
}

bool Network::addCellText(QStringView text)
{
    const QList<QStringView> parts = text.split(u',');
    if (parts.size() < 4 || parts.size() > 5)
        return false;
    qint64 n[5] = {};
    for (qsizetype i = 0; i < parts.size(); ++i) {
        bool ok = false;
        n[i] = parts[i].trimmed().toLongLong(&ok);
        if (!ok)
            return false;
    }
    addCell(int(n[0]), int(n[1]), n[2], n[3], int(n[4]));
    return true;
}

bool Network::addWifiText(QStringView text)
{
    const QList<QStringView> parts = text.split(u',');
    if (parts.isEmpty() || parts.size() > 2)
        return false;
    bool ok = true;
    const int signal = parts.size() > 1 ? parts[1].trimmed().toInt(&ok) : 0;
    const qsizetype before = wifiAccessPoints.size();
    if (ok)
        addWifi(parts[0].trimmed(), signal);
    return wifiAccessPoints.size() > before;
}

QVariant Network::toVariant() const
{
    QVariantMap map;
    if (!radioType.isEmpty())
        map.insert(kRadioType, radioType);
    if (!cellTowers.isEmpty()) {
        QVariantList cells;
        cells.reserve(cellTowers.size());
        for (const CellTower &c : cellTowers) {
            QVariantMap m;
            m.insert(kMcc, c.mobileCountryCode);
            m.insert(kMnc, c.mobileNetworkCode);
            m.insert(kLac, c.locationAreaCode);
            m.insert(kCid, c.cellId);
            if (c.signalStrength != 0)
                m.insert(kSignal, c.signalStrength);
            cells.append(m);
        }
        map.insert(kCellTowers, cells);
    }
    if (!wifiAccessPoints.isEmpty()) {
        QVariantList points;
        points.reserve(wifiAccessPoints.size());
        for (const WifiAccessPoint &w : wifiAccessPoints) {
            QVariantMap m;
            m.insert(kMac, w.macAddress);
            if (w.signalStrength != 0)
                m.insert(kSignal, w.signalStrength);
            points.append(m);
        }
        map.insert(kWifi, points);
    }
    return map;
}

Network Network::fromVariant(const QVariant &value)
{
    Network n;
    const QVariantMap map = value.toMap();
    n.radioType = map.value(kRadioType).toString();
    for (const QVariant &v : map.value(kCellTowers).toList()) {
        const QVariantMap m = v.toMap();
        n.addCell(m.value(kMcc).toInt(), m.value(kMnc).toInt(), m.value(kLac).toLongLong(),
                  m.value(kCid).toLongLong(), m.value(kSignal).toInt());
    }
    for (const QVariant &v : map.value(kWifi).toList()) {
        const QVariantMap m = v.toMap();
        n.addWifi(m.value(kMac).toString(), m.value(kSignal).toInt());
    }
    return n;
}

void Network::storeIn(Attributes &attributes) const
{
    if (!isEmpty())
        attributes.set(attr::network, toVariant());
}

Network Network::of(const Attributes &attributes)
{
    return fromVariant(attributes.value(attr::network));
}

} // namespace fw
