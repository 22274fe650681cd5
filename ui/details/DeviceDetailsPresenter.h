#pragma once
// DeviceDetailsPresenter: the words of the device details panel (title, status line, what to
// check, the connection, the tracker setup help with its configuration SMS, the position rows,
// the history rows) and the points of its chart, built without any widget, so DeviceDetailsPanel
// only puts them into its labels, tables and chart.

#include "domain/DeviceEvent.h"
#include "domain/Position.h"
#include "fleet/DeviceSnapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <utility>

namespace fw {

class Clock;
class DeviceModelCatalog;

class DeviceDetailsPresenter
{
    // The texts were first written for the panel; they keep its translation context.
    Q_DECLARE_TR_FUNCTIONS(fw::DeviceDetailsPanel)
public:
    struct Summary
    {
        QString title; // "Truck 7 — 490154203237518"
        QString status; // "Offline, since 2024-05-01 10:00:00 (3 min ago)"
        QString reason;
        QString causesHtml; // "What to check:" and a list; empty when there is nothing to check
    };
    struct Connection
    {
        QString protocol;
        QString peerAddress;
        QString peerPort;
        QString localPort;
        QString lastPacket;
        QString statusSince;
        QString ended; // how the last connection ended
    };
    // How to point a tracker that has not activated yet at this server.
    struct ActivationHelp
    {
        bool needed = false; // false for an activated device: nothing to show
        QString server; // host and port, one sentence per line
        QString note; // what to do with the SMS (or why there is none)
        QString configSms; // empty when the model is not configured by SMS
        quint16 port = 0; // 0 = not known
    };
    using Row = std::pair<QString, QString>; // field, value
    // The speed and altitude chart of a track: points (x = ms since the epoch) and axis ranges.
    struct Chart
    {
        QList<QPointF> speed; // empty when no point has a time: no chart
        QList<QPointF> altitude;
        QDateTime from;
        QDateTime to; // at least a minute after `from`
        QString timeFormat; // with the date when the track spans more than a day
        double speedMax = 10.0;
        double altitudeMin = 0.0;
        double altitudeMax = 0.0;
    };

    // Both may be null (no relative times / no model help); they must outlive the presenter.
    void setCatalog(const DeviceModelCatalog *catalog) { m_catalog = catalog; }
    const DeviceModelCatalog *catalog() const { return m_catalog; }
    void setClock(const Clock *clock) { m_clock = clock; }
    const Clock *clock() const { return m_clock; }
    void setServerAddress(const QString &host) { m_serverAddress = host.trimmed(); }
    QString serverAddress() const { return m_serverAddress; }
    // Ports the listeners actually use (protocol -> port); missing ones use the catalogue's.
    void setListeningPorts(const QHash<QString, quint16> &ports) { m_listeningPorts = ports; }

    QString agoText(TimeMs t) const; // "3 min ago"; empty without a clock
    QString timeText(TimeMs t) const; // "2024-05-01 10:00:00 (3 min ago)", or "never"

    Summary summary(const DeviceSnapshot &snapshot) const;
    Connection connection(const DeviceSnapshot &snapshot) const;
    // `password` is the device's own; empty = the model's default.
    ActivationHelp activationHelp(const DeviceSnapshot &snapshot, const QString &password) const;
    // The activity, then the latest fix of `track` (oldest first) when it is this device's.
    QList<Row> positionRows(const DeviceSnapshot &snapshot, const QList<Position> &track) const;
    static QStringList historyRow(const DeviceEvent &event); // time, type, text
    static Chart chart(const QList<Position> &track); // oldest first

private:
    const DeviceModelCatalog *m_catalog = nullptr;
    const Clock *m_clock = nullptr;
    QString m_serverAddress;
    QHash<QString, quint16> m_listeningPorts;
};

} // namespace fw
