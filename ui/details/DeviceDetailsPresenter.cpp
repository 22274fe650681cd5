#include "DeviceDetailsPresenter.h"

#include "domain/DeviceModelCatalog.h"
#include "domain/Network.h"
#include "util/Clock.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace fw {

namespace {
QString attributeText(const QVariant &v)
{
    if (v.typeId() == QMetaType::Bool)
        return v.toBool() ? DeviceDetailsPresenter::tr("yes") : DeviceDetailsPresenter::tr("no");
    if (v.typeId() == QMetaType::Double)
        return QLocale().toString(v.toDouble(), 'g', 8);
    return v.toString();
}
// "2 cell towers (262/2 LAC 4711 cell 1234, ...), 3 Wi-Fi access points".
QString networkText(const Network &n)
{
    QStringList parts;
    if (!n.cellTowers.isEmpty()) {
        QStringList cells;
        for (const CellTower &c : n.cellTowers)
            cells << DeviceDetailsPresenter::tr("%1/%2 LAC %3 cell %4")
                         .arg(c.mobileCountryCode)
                         .arg(c.mobileNetworkCode)
                         .arg(c.locationAreaCode)
                         .arg(c.cellId);
        parts << DeviceDetailsPresenter::tr("%n cell tower(s)", nullptr,
                                            static_cast<int>(n.cellTowers.size()))
                + QStringLiteral(" (") + cells.join(QStringLiteral(", ")) + u')';
    }
    if (!n.wifiAccessPoints.isEmpty())
        parts << DeviceDetailsPresenter::tr("%n Wi-Fi access point(s)", nullptr,
                                            static_cast<int>(n.wifiAccessPoints.size()));
    return parts.join(QStringLiteral(", "));
}
} // namespace

QString DeviceDetailsPresenter::agoText(TimeMs t) const
{
    if (!m_clock || t == kNoTime)
        return {};
    const qint64 secs = (m_clock->now() - t) / kSecond;
    if (secs < -60)
        return tr("in the future");
    if (secs < 60)
        return tr("just now");
    if (secs < 3600)
        return tr("%n min ago", nullptr, static_cast<int>(secs / 60));
    if (secs < 86400)
        return tr("%n h ago", nullptr, static_cast<int>(secs / 3600));
    return tr("%n day(s) ago", nullptr, static_cast<int>(secs / 86400));
}

QString DeviceDetailsPresenter::timeText(TimeMs t) const
{
    if (t == kNoTime)
        return tr("never");
    const QString absolute = toDateTime(t).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    const QString ago = agoText(t);
    return ago.isEmpty() ? absolute : tr("%1 (%2)").arg(absolute, ago);
}

DeviceDetailsPresenter::Summary DeviceDetailsPresenter::summary(const DeviceSnapshot &s) const
{
    const Device &d = s.device;
    Summary result;
    result.title = d.name.isEmpty() ? d.uniqueId : tr("%1 — %2").arg(d.name, d.uniqueId);
    result.status = statusTitle(s.status);
    if (s.statusSince != kNoTime)
        result.status = tr("%1, since %2").arg(result.status, timeText(s.statusSince));
    result.reason = s.reason.text();
    const QStringList causes = s.reason.likelyCauses();
    if (!causes.isEmpty()) {
        QString html = u"<b>"_s + tr("What to check:").toHtmlEscaped() + u"</b><ul>"_s;
        for (const QString &c : causes)
            html += u"<li>"_s + c.toHtmlEscaped() + u"</li>"_s;
        html += u"</ul>"_s;
        result.causesHtml = html;
    }
    return result;
}

DeviceDetailsPresenter::Connection DeviceDetailsPresenter::connection(
    const DeviceSnapshot &snapshot) const
{
    const Device &d = snapshot.device;
    const DeviceActivity &a = snapshot.activity;
    Connection c;
    const QString dash = tr("—");
    QString protocol = a.protocol.isEmpty() ? d.protocol : a.protocol;
    c.protocol = protocol.isEmpty() ? dash : protocol;
    const qsizetype colon = a.peer.lastIndexOf(u':');
    const bool bracketed = a.peer.startsWith(u'[');
    QString peerAddress = colon > 0 ? a.peer.left(colon) : a.peer;
    if (bracketed && peerAddress.endsWith(u']'))
        peerAddress = peerAddress.mid(1, peerAddress.size() - 2);
    c.peerAddress = peerAddress.isEmpty() ? dash : peerAddress;
    c.peerPort = colon > 0 ? a.peer.mid(colon + 1) : dash;
    c.localPort = a.localPort ? QString::number(a.localPort) : dash;
    c.lastPacket = timeText(a.lastPacketAt);
    c.statusSince = snapshot.statusSince == kNoTime ? dash : timeText(snapshot.statusSince);
    switch (a.connectionEnd) {
    case ConnectionEnd::None:
        c.ended = isConnected(snapshot.status) ? tr("still connected") : dash;
        break;
    case ConnectionEnd::ClosedByDevice:
        c.ended = tr("closed by the device");
        break;
    case ConnectionEnd::TimedOut:
        c.ended = tr("timed out (the device went silent without closing)");
        break;
    case ConnectionEnd::ClosedByServer:
        c.ended = tr("closed by the server");
        break;
    }
    return c;
}

DeviceDetailsPresenter::ActivationHelp DeviceDetailsPresenter::activationHelp(
    const DeviceSnapshot &s, const QString &password) const
{
    ActivationHelp help;
    if (!isNotActivated(s.status))
        return help;
    help.needed = true;
    const Device &d = s.device;
    const DeviceModel *model = nullptr;
    if (m_catalog && !d.model.isEmpty())
        model = m_catalog->find(d.model);
    const QString protocol = !d.protocol.isEmpty() ? d.protocol
        : model                                    ? model->protocol
                                                   : QString();
    quint16 port = m_listeningPorts.value(protocol, 0);
    if (port == 0)
        port = model && model->protocol == protocol ? model->defaultPort
                                                    : defaultPortForProtocol(protocol);
    help.port = port;

    const QString host = m_serverAddress.isEmpty() ? tr("<server address>") : m_serverAddress;
    QStringList lines;
    if (port != 0) {
        lines << tr("Point the tracker at server %1, port %2 (%3).")
                     .arg(host, QString::number(port), protocol);
    } else {
        lines << tr("Point the tracker at server %1, on the port of its protocol (the model "
                    "is not set, so the port is not known).")
                     .arg(host);
    }
    if (m_serverAddress.isEmpty())
        lines << tr("Set this server's public address in the settings to fill it in here.");
    help.server = lines.join(u'\n');

    QString note;
    if (!model) {
        note = d.model.isEmpty()
            ? tr("Choose the device's model (Edit) to get its configuration SMS.")
            : tr("Model \"%1\" is not in the catalogue; use the vendor's instructions.")
                  .arg(d.model);
    } else if (model->configSmsTemplate.isEmpty()) {
        note = tr("%1 is configured with the vendor's tool, not by SMS: enter the server "
                  "address and port there.")
                   .arg(model->name);
    } else {
        const QString smsPassword = password.isEmpty() ? model->defaultPassword : password;
        const QString &smsTemplate = model->configSmsTemplate;
        const QString apn = smsTemplate.contains(u"{apn}"_s) ? tr("<APN>") : QString();
        help.configSms
            = DeviceModelCatalog::fillTemplate(smsTemplate, host, port, smsPassword, apn);
        note = tr("Send this SMS to the tracker's SIM card%1:")
                   .arg(d.phone.isEmpty() ? QString() : tr(" (%1)").arg(d.phone));
        if (!apn.isEmpty())
            note += u' ' + tr("Replace <APN> with the SIM operator's access point name.");
    }
    if (s.status == ConnectionStatus::NeedsManualActivation)
        note = tr("This model does not start sending by itself.") + u' ' + note;
    help.note = note;
    return help;
}

QList<DeviceDetailsPresenter::Row> DeviceDetailsPresenter::positionRows(
    const DeviceSnapshot &s, const QList<Position> &track) const
{
    const DeviceActivity &a = s.activity;
    QList<Row> rows;
    rows.append({ tr("Position time"), timeText(a.lastPositionAt) });
    if (a.hasLocation) {
        rows.append({ tr("Coordinates"),
            tr("%1, %2").arg(
                QString::number(a.latitude, 'f', 6), QString::number(a.longitude, 'f', 6)) });
        rows.append({ tr("Speed"), tr("%1 km/h").arg(QString::number(a.speedKph, 'f', 1)) });
        rows.append({ tr("Course"), tr("%1°").arg(QString::number(a.course, 'f', 0)) });
    }
    if (s.moving) {
        rows.append({ tr("Motion"), tr("moving") });
    } else if (s.stoppedSince != kNoTime) {
        const QString since = timeText(s.stoppedSince);
        rows.append({ tr("Motion"), tr("stopped since %1").arg(since) });
    }
    rows.append({ tr("Last valid fix"), timeText(a.lastFixAt) });
    rows.append({ tr("Fix received"), timeText(a.lastFixReceivedAt) });
    const Position *latest = nullptr;
    if (!track.isEmpty()
        && (track.constLast().uniqueId.isEmpty()
            || track.constLast().uniqueId == s.device.uniqueId))
        latest = &track.constLast();
    if (latest) {
        rows.append({ tr("Valid fix"), latest->valid ? tr("yes") : tr("no") });
        rows.append({ tr("Altitude"), tr("%1 m").arg(QString::number(latest->altitude, 'f', 0)) });
        if (latest->satellites >= 0)
            rows.append({ tr("Satellites"), QString::number(latest->satellites) });
        if (latest->accuracy > 0)
            rows.append(
                { tr("Accuracy"), tr("%1 m").arg(QString::number(latest->accuracy, 'f', 0)) });
        for (const Attributes::Entry &e : latest->attributes) {
            if (e.key == attr::network)
                rows.append({ tr("Cell towers and Wi-Fi"),
                              networkText(Network::fromVariant(e.value)) });
            else if (e.key == attr::outdated)
                rows.append({ tr("Location"), e.value.toBool() ? tr("last known fix, not current")
                                                               : tr("current") });
            else
                rows.append({ e.key, attributeText(e.value) });
        }
    }
    return rows;
}

QStringList DeviceDetailsPresenter::historyRow(const DeviceEvent &event)
{
    QString type;
    switch (event.type) {
    case EventType::StatusChange:
        type = tr("Status");
        break;
    case EventType::Alarm:
        type = tr("Alarm");
        break;
    case EventType::StatusPacket:
        type = tr("Message");
        break;
    case EventType::CommandResult:
        type = tr("Command");
        break;
    case EventType::Connection:
        type = tr("Connection");
        break;
    }
    return { toDateTime(event.time).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), type,
        event.text };
}

DeviceDetailsPresenter::Chart DeviceDetailsPresenter::chart(const QList<Position> &track)
{
    Chart chart;
    chart.speed.reserve(track.size());
    chart.altitude.reserve(track.size());
    double maxSpeed = 0;
    double minAlt = std::numeric_limits<double>::max();
    double maxAlt = std::numeric_limits<double>::lowest();
    for (const Position &p : track) {
        const TimeMs t = p.deviceTime != kNoTime ? p.deviceTime : p.serverTime;
        if (t == kNoTime)
            continue;
        chart.speed.append(QPointF(static_cast<qreal>(t), p.speedKph));
        chart.altitude.append(QPointF(static_cast<qreal>(t), p.altitude));
        maxSpeed = std::max(maxSpeed, p.speedKph);
        minAlt = std::min(minAlt, p.altitude);
        maxAlt = std::max(maxAlt, p.altitude);
    }
    if (chart.speed.isEmpty())
        return chart;
    const qint64 first = static_cast<qint64>(chart.speed.constFirst().x());
    qint64 last = static_cast<qint64>(chart.speed.constLast().x());
    if (last <= first)
        last = first + kMinute;
    chart.from = QDateTime::fromMSecsSinceEpoch(first);
    chart.to = QDateTime::fromMSecsSinceEpoch(last);
    chart.timeFormat = last - first > kDay ? u"dd.MM HH:mm"_s : u"HH:mm"_s;
    chart.speedMax = std::max(10.0, std::ceil(maxSpeed * 1.1));
    const double pad = std::max(5.0, (maxAlt - minAlt) * 0.1);
    chart.altitudeMin = std::floor(minAlt - pad);
    chart.altitudeMax = std::ceil(maxAlt + pad);
    return chart;
}

} // namespace fw
