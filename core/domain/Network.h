#pragma once
// Network: the cell towers and Wi-Fi access points a device reports (LBS reports, watches indoors,
// GPS fixes with the serving cell). It travels with a position as the attribute "network", in the
// shape of the common geolocation request (radioType, cellTowers, wifiAccessPoints), so it is
// stored, exported and shown like any other attribute, and a geolocation service can be fed with
// it later. A report that has only a network and no fix becomes an "outdated" position: the last
// known fix, marked as not current, which never counts as a fresh GPS fix.

#include "Attributes.h"

#include <QList>
#include <QString>
#include <QVariant>

namespace fw {

struct CellTower
{
    int mobileCountryCode = 0; // MCC
    int mobileNetworkCode = 0; // MNC
    qint64 locationAreaCode = 0; // LAC or TAC
    qint64 cellId = 0;
    int signalStrength = 0; // dBm or the device's own level; 0 = not reported

    bool operator==(const CellTower &o) const
    {
        return mobileCountryCode == o.mobileCountryCode && mobileNetworkCode == o.mobileNetworkCode
            && locationAreaCode == o.locationAreaCode && cellId == o.cellId
            && signalStrength == o.signalStrength;
    }
};

struct WifiAccessPoint
{
    QString macAddress; // "aa:bb:cc:dd:ee:ff", lower case
    int signalStrength = 0; // dBm; 0 = not reported

    bool operator==(const WifiAccessPoint &o) const
    {
        return macAddress == o.macAddress && signalStrength == o.signalStrength;
    }
};

class Network
{
public:
    QString radioType; // "gsm", "wcdma", "lte", "nbiot", "cdma" or empty
    QList<CellTower> cellTowers;
    QList<WifiAccessPoint> wifiAccessPoints;

    bool isEmpty() const { return cellTowers.isEmpty() && wifiAccessPoints.isEmpty(); }
    void addCell(int mcc, int mnc, qint64 lac, qint64 cid, int signal = 0);
    // Takes "aa:bb:..", "aa-bb-..", "aabbcc.." in any case; ignores anything that is not a MAC.
    void addWifi(QStringView mac, int signal = 0);

    // The comma forms many devices and apps send: "mcc,mnc,lac,cid[,signal]" (decimal) and
    // "mac,signal". False (nothing added) when the text is not one.
    bool addCellText(QStringView text);
    bool addWifiText(QStringView text);

    // The attribute value: a map as the JSON of a geolocation request.
    QVariant toVariant() const;
    static Network fromVariant(const QVariant &value);

    // Sets (or, when empty, leaves alone) the "network" attribute.
    void storeIn(Attributes &attributes) const;
    static Network of(const Attributes &attributes);

    bool operator==(const Network &o) const
    {
        return radioType == o.radioType && cellTowers == o.cellTowers
            && wifiAccessPoints == o.wifiAccessPoints;
    }
};

namespace attr {
inline const QString network = QStringLiteral("network");
// A position that repeats the last known fix because the report itself had none.
inline const QString outdated = QStringLiteral("outdated");
} // namespace attr

} // namespace fw
