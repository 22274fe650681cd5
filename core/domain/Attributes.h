#pragma once
// Attributes: the protocol-specific extras of a position or event (battery, alarm, ignition, ...).
// A small flat list rather than a map: decoders add a handful of keys per frame, usually from
// string literals, so a flat list costs one allocation and lookups over a few keys are faster.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

namespace fw {

class Attributes
{
public:
    struct Entry
    {
        QString key;
        QVariant value;
    };

    void set(const QString &key, const QVariant &value);
    QVariant value(const QString &key, const QVariant &fallback = {}) const;
    bool contains(const QString &key) const;
    void remove(const QString &key);
    void clear() { m_entries.clear(); }
    void reserve(qsizetype n) { m_entries.reserve(n); }

    bool isEmpty() const { return m_entries.isEmpty(); }
    qsizetype size() const { return m_entries.size(); }
    QList<Entry>::const_iterator begin() const { return m_entries.cbegin(); }
    QList<Entry>::const_iterator end() const { return m_entries.cend(); }

    QJsonObject toJson() const;
    static Attributes fromJson(const QJsonObject &object);

    bool operator==(const Attributes &other) const;

private:
    QList<Entry> m_entries;
};

// Well-known attribute keys, shared by decoders, diagnostics and the UI.
namespace attr {
inline const QString alarm = QStringLiteral("alarm");
// Battery as Traccar names it: `battery` is the voltage, `batteryLevel` the charge in percent.
inline const QString battery = QStringLiteral("battery"); // volts
inline const QString batteryLevel = QStringLiteral("batteryLevel"); // percent
inline const QString power = QStringLiteral("power"); // external power, volts
inline const QString ignition = QStringLiteral("ignition");
inline const QString motion = QStringLiteral("motion");
inline const QString charge = QStringLiteral("charge");
inline const QString rssi = QStringLiteral("rssi");
inline const QString odometer = QStringLiteral("odometer"); // metres
inline const QString hdop = QStringLiteral("hdop");
inline const QString event = QStringLiteral("event");
inline const QString status = QStringLiteral("status");
inline const QString index = QStringLiteral("index");
inline const QString archive = QStringLiteral("archive"); // buffered (history) record
inline const QString lastGasp = QStringLiteral("lastGasp"); // device announces it is going down
inline const QString result = QStringLiteral("result");
} // namespace attr

// Alarm values (Traccar-compatible names so exports stay familiar to operators).
namespace alarm {
inline const QString sos = QStringLiteral("sos");
inline const QString powerCut = QStringLiteral("powerCut");
inline const QString lowBattery = QStringLiteral("lowBattery");
inline const QString vibration = QStringLiteral("vibration");
inline const QString overspeed = QStringLiteral("overspeed");
inline const QString geofenceEnter = QStringLiteral("geofenceEnter");
inline const QString geofenceExit = QStringLiteral("geofenceExit");
inline const QString tampering = QStringLiteral("tampering");
inline const QString removing = QStringLiteral("removing");
inline const QString accident = QStringLiteral("accident");
inline const QString lowPower = QStringLiteral("lowPower");
inline const QString door = QStringLiteral("door");
inline const QString movement = QStringLiteral("movement");
inline const QString fallDown = QStringLiteral("fallDown");
inline const QString general = QStringLiteral("general");
inline const QString powerOff = QStringLiteral("powerOff");
inline const QString powerOn = QStringLiteral("powerOn");
inline const QString geofence = QStringLiteral("geofence");
inline const QString hardAcceleration = QStringLiteral("hardAcceleration");
inline const QString hardBraking = QStringLiteral("hardBraking");
inline const QString hardCornering = QStringLiteral("hardCornering");
inline const QString jamming = QStringLiteral("jamming");
inline const QString lock = QStringLiteral("lock");
inline const QString unlock = QStringLiteral("unlock");
inline const QString fuelLeak = QStringLiteral("fuelLeak");
inline const QString temperature = QStringLiteral("temperature");
inline const QString idle = QStringLiteral("idle");
inline const QString tow = QStringLiteral("tow");
inline const QString fault = QStringLiteral("fault");
inline const QString fatigueDriving = QStringLiteral("fatigueDriving");
inline const QString gpsAntennaCut = QStringLiteral("gpsAntennaCut");
inline const QString parking = QStringLiteral("parking");
} // namespace alarm

} // namespace fw
