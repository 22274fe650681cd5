#include "FleetDiagnosis.h"
#include "DiagnosticsTr.h"

#include "domain/DeviceModelCatalog.h"
#include "protocols/ProtocolRegistry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QMap>
#include <algorithm>
#include <cmath>

namespace fw {

namespace {


QString iso(TimeMs t)
{
    return t == kNoTime ? QString() : toIso(t);
}

QString deviceProtocol(const DeviceSnapshot &d, const DeviceModelCatalog *catalog)
{
    if (!d.device.protocol.isEmpty())
        return d.device.protocol;
    if (catalog && !d.device.model.isEmpty()) {
        if (const DeviceModel *m = catalog->find(d.device.model))
            return m->protocol;
    }
    return d.activity.protocol;
}

// The port a device uses: where it last connected, else where its protocol listens here.
quint16 devicePort(const DeviceSnapshot &d, const QString &protocol,
                   const QList<ListenerState> &listeners)
{
    if (d.activity.localPort != 0)
        return d.activity.localPort;
    for (const ListenerState &l : listeners) {
        if (l.protocol == protocol)
            return l.port;
    }
    return defaultPortForProtocol(protocol);
}

// Where protocol `name` listens here, else its conventional port.
quint16 portOfProtocol(const QString &name, const QList<ListenerState> &listeners,
                       quint16 fallback)
{
    for (const ListenerState &l : listeners) {
        if (l.protocol == name)
            return l.port;
    }
    return fallback != 0 ? fallback : defaultPortForProtocol(name);
}

QJsonArray toJsonArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QStringList capped(QStringList ids, int max)
{
    ids.sort();
    if (ids.size() > max)
        ids.resize(max);
    return ids;
}

// ---------------------------------------------------------------------------------------------

void checkListeners(const DiagnosisInput &in, const DiagnosisLimits &lim, QList<Finding> &out)
{
    for (const ListenerState &l : in.listeners) {
        const auto self = in.selfCheck.constFind(l.port);
        const bool selfFailed = self != in.selfCheck.constEnd() && !self.value();
        if (l.listening && !selfFailed)
            continue;
        QStringList ids;
        for (const DeviceSnapshot &d : in.devices) {
            const QString proto = deviceProtocol(d, in.catalog);
            if (proto == l.protocol || d.activity.localPort == l.port)
                ids << d.device.uniqueId;
        }
        Finding f;
        f.id = QStringLiteral("listener-down");
        f.severity = Finding::Critical;
        f.devices = capped(ids, lim.maxListedDevices);
        QJsonObject ev;
        ev.insert(QStringLiteral("port"), l.port);
        ev.insert(QStringLiteral("protocol"), l.protocol);
        ev.insert(QStringLiteral("transport"), transportId(l.transport));
        ev.insert(QStringLiteral("listening"), l.listening);
        ev.insert(QStringLiteral("bindError"), l.error);
        if (self != in.selfCheck.constEnd())
            ev.insert(QStringLiteral("selfCheck"), self.value());
        ev.insert(QStringLiteral("devicesOnPort"), ids.size());
        f.evidence = ev;
        if (!l.listening) {
            f.title = l.error.isEmpty()
                ? DiagnosticsTr::tr("Port %1 (%2) is not listening").arg(l.port).arg(l.protocol)
                : DiagnosticsTr::tr("Port %1 (%2) is not listening: %3")
                      .arg(l.port)
                      .arg(l.protocol, l.error);
            f.action = DiagnosticsTr::tr("Find what holds port %1 (another program or a second "
                                "FleetWatch), free it or choose another port, then restart "
                                "the listener. Devices using it cannot deliver data meanwhile.")
                           .arg(l.port);
        } else {
            f.title = DiagnosticsTr::tr("Port %1 (%2) claims to listen, but a test connection from this "
                               "computer failed")
                          .arg(l.port)
                          .arg(l.protocol);
            f.action = DiagnosticsTr::tr("Check the local firewall for port %1 and restart the "
                                "listener; if that does not help, look at the log.")
                           .arg(l.port);
        }
        out.append(f);
    }
}

void checkNoData(const DiagnosisInput &in, const DiagnosisLimits &lim, QList<Finding> &out)
{
    int considered = 0;
    int connected = 0;
    int silent = 0; // offline or never sent
    QSet<QString> carriers;
    bool carrierUnknown = false;
    for (const DeviceSnapshot &d : in.devices) {
        if (d.status == ConnectionStatus::Blocked)
            continue;
        ++considered;
        if (isConnected(d.status))
            ++connected;
        if (d.status == ConnectionStatus::Offline
            || d.status == ConnectionStatus::AwaitingFirstData
            || d.status == ConnectionStatus::NeedsManualActivation)
            ++silent;
        if (d.device.carrier.isEmpty())
            carrierUnknown = true;
        else
            carriers.insert(d.device.carrier);
    }
    if (considered == 0 || connected > 0 || silent == 0)
        return;
    const TimeMs quiet = in.settings.defaultOfflineTimeout;
    if (in.lastByteAt != kNoTime && in.now - in.lastByteAt <= quiet)
        return;

    QStringList down;
    QStringList up;
    for (const ListenerState &l : in.listeners) {
        const bool selfFailed = in.selfCheck.contains(l.port) && !in.selfCheck.value(l.port);
        (l.listening && !selfFailed ? up : down) << QString::number(l.port);
    }
    Finding f;
    f.id = QStringLiteral("no-data");
    f.severity = Finding::Critical;
    QJsonObject ev;
    ev.insert(QStringLiteral("lastByteAt"), iso(in.lastByteAt));
    if (in.lastByteAt != kNoTime)
        ev.insert(QStringLiteral("silentForSeconds"), (in.now - in.lastByteAt) / kSecond);
    ev.insert(QStringLiteral("devices"), considered);
    ev.insert(QStringLiteral("devicesConnected"), connected);
    ev.insert(QStringLiteral("listenersUp"), toJsonArray(up));
    ev.insert(QStringLiteral("listenersDown"), toJsonArray(down));
    f.title = in.lastByteAt == kNoTime
        ? DiagnosticsTr::tr("No data has reached the server since it started")
        : DiagnosticsTr::tr("No data has reached the server since %1 (%2 ago)")
              .arg(iso(in.lastByteAt), diag::durationText(in.now - in.lastByteAt));
    QString cause;
    if (up.isEmpty()) {
        cause = QStringLiteral("listeners-down");
        f.action = in.listeners.isEmpty()
            ? DiagnosticsTr::tr("No listener is configured: start at least one port for the protocols "
                       "your devices speak.")
            : DiagnosticsTr::tr("No listener is up (ports %1): fix the listeners first, see their "
                       "bind errors.")
                  .arg(down.join(QStringLiteral(", ")));
    } else {
        cause = QStringLiteral("network");
        QString carrierHint;
        if (carriers.size() == 1 && !carrierUnknown) {
            const QString carrier = *carriers.cbegin();
            ev.insert(QStringLiteral("sharedCarrier"), carrier);
            carrierHint = QLatin1Char(' ')
                + DiagnosticsTr::tr("Every device uses a SIM from %1: a fault of that mobile network "
                           "is likely; ask the carrier or try a SIM from another one.")
                      .arg(carrier);
        }
        f.action = DiagnosticsTr::tr("The listeners are up (ports %1), so the data stops before the "
                            "server: check the internet connection, the firewall and port "
                            "forwarding, that the server's domain name still resolves to "
                            "this address, and the mobile network of the devices.")
                       .arg(up.join(QStringLiteral(", ")))
            + carrierHint;
        if (!down.isEmpty())
            f.action += QLatin1Char(' ')
                + DiagnosticsTr::tr("Ports %1 are down as well.").arg(down.join(QStringLiteral(", ")));
    }
    ev.insert(QStringLiteral("cause"), cause);
    f.evidence = ev;
    Q_UNUSED(lim);
    out.append(f);
}

void checkClock(const DiagnosisInput &in, const DiagnosisLimits &lim, QList<Finding> &out)
{
    struct Sample
    {
        QString id;
        TimeMs offset;
    };
    QList<Sample> samples;
    int outdated = 0;
    for (const DeviceSnapshot &d : in.devices) {
        if (d.status == ConnectionStatus::GpsOutdated)
            ++outdated;
        const DeviceActivity &a = d.activity;
        if (a.lastFixAt == kNoTime || a.lastFixReceivedAt == kNoTime)
            continue;
        if (in.now - a.lastFixReceivedAt > lim.recentFixWindow || a.lastFixReceivedAt > in.now)
            continue;
        samples.append({ d.device.uniqueId, a.lastFixReceivedAt - a.lastFixAt });
    }
    if (samples.size() < lim.minClockSamples)
        return;
    QList<TimeMs> offsets;
    for (const Sample &s : std::as_const(samples))
        offsets << s.offset;
    std::sort(offsets.begin(), offsets.end());
    const qsizetype n = offsets.size();
    const TimeMs median = n % 2 ? offsets[n / 2] : (offsets[n / 2 - 1] + offsets[n / 2]) / 2;
    QStringList shared;
    for (const Sample &s : std::as_const(samples)) {
        if (std::abs(s.offset - median) <= lim.clockAgreement)
            shared << s.id;
    }
    if (shared.size() < lim.clockSharedShare * samples.size())
        return;
    const bool large = median > in.settings.gpsFreshness || median < -in.settings.futureTolerance;
    if (!large && std::abs(median) < kMinute)
        return;
    Finding f;
    f.id = QStringLiteral("server-clock-skew");
    f.severity = large ? Finding::Critical : Finding::Info;
    f.devices = capped(shared, lim.maxListedDevices);
    f.title = median > 0
        ? DiagnosticsTr::tr("The server clock looks %1 ahead of the devices' GPS time")
              .arg(diag::durationText(median))
        : DiagnosticsTr::tr("The server clock looks %1 behind the devices' GPS time")
              .arg(diag::durationText(median));
    QJsonObject ev;
    ev.insert(QStringLiteral("medianOffsetSeconds"), double(median) / kSecond);
    ev.insert(QStringLiteral("sampledDevices"), int(samples.size()));
    ev.insert(QStringLiteral("devicesSharingOffset"), int(shared.size()));
    ev.insert(QStringLiteral("devicesGpsOutdated"), outdated);
    ev.insert(QStringLiteral("serverTime"), iso(in.now));
    f.evidence = ev;
    f.action = large
        ? DiagnosticsTr::tr("Most devices report fixes offset by the same amount, which points at this "
                   "computer's clock rather than at the devices: enable time synchronisation "
                   "(NTP) and check the time zone setting. Until then devices show as "
                   "GPS outdated although their data is current.")
        : DiagnosticsTr::tr("The offset is still within the freshness limits; enable time "
                   "synchronisation (NTP) before it grows.");
    out.append(f);
}

void checkOfflineConcentration(const DiagnosisInput &in, const DiagnosisLimits &lim,
                               QList<Finding> &out)
{
    enum Dim { Model, Port, Carrier, DimCount };
    struct Row
    {
        QString id;
        bool offline;
        QString key[DimCount];
    };
    QList<Row> rows;
    int offlineTotal = 0;
    for (const DeviceSnapshot &d : in.devices) {
        if (d.status == ConnectionStatus::Blocked || isNotActivated(d.status))
            continue;
        Row r;
        r.id = d.device.uniqueId;
        r.offline = d.status == ConnectionStatus::Offline;
        const QString proto = deviceProtocol(d, in.catalog);
        const quint16 port = devicePort(d, proto, in.listeners);
        r.key[Model] = d.device.model;
        r.key[Port] = port == 0 ? QString() : QString::number(port) + u'/' + proto;
        r.key[Carrier] = d.device.carrier;
        offlineTotal += r.offline ? 1 : 0;
        rows.append(r);
    }
    if (offlineTotal < lim.minOfflineGroup || offlineTotal == rows.size())
        return; // none worth grouping, or everything is offline (no-data covers that)

    struct Candidate
    {
        QString key[DimCount];
        bool has[DimCount] = {};
        QStringList offlineIds;
        int groupSize = 0;
        double groupShare = 0;
        double restShare = 0;
    };
    QList<Candidate> candidates;
    for (int dim = 0; dim < DimCount; ++dim) {
        QMap<QString, QPair<int, QStringList>> groups; // key -> (size, offline ids)
        for (const Row &r : std::as_const(rows)) {
            if (r.key[dim].isEmpty())
                continue;
            auto &g = groups[r.key[dim]];
            ++g.first;
            if (r.offline)
                g.second << r.id;
        }
        for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
            const int size = it.value().first;
            const int off = int(it.value().second.size());
            const int restSize = int(rows.size()) - size;
            if (off < lim.minOfflineGroup || restSize == 0)
                continue;
            if (off < lim.offlineGroupConcentration * offlineTotal)
                continue;
            const double share = double(off) / size;
            const double rest = double(offlineTotal - off) / restSize;
            if (share < 0.5 || share < 3 * rest)
                continue;
            QStringList ids = it.value().second;
            ids.sort();
            // Merge with a candidate of another dimension that holds the same offline devices.
            auto same = std::find_if(candidates.begin(), candidates.end(),
                                     [&ids](const Candidate &c) { return c.offlineIds == ids; });
            Candidate *c = nullptr;
            if (same != candidates.end()) {
                c = &*same;
            } else {
                candidates.append(Candidate {});
                c = &candidates.last();
                c->offlineIds = ids;
                c->groupSize = size;
                c->groupShare = share;
                c->restShare = rest;
            }
            c->key[dim] = it.key();
            c->has[dim] = true;
        }
    }
    for (const Candidate &c : std::as_const(candidates)) {
        QStringList parts;
        QJsonObject group;
        QString portNumber;
        if (c.has[Model]) {
            parts << DiagnosticsTr::tr("model %1").arg(c.key[Model]);
            group.insert(QStringLiteral("model"), c.key[Model]);
        }
        if (c.has[Port]) {
            const QStringList pp = c.key[Port].split(u'/');
            portNumber = pp.value(0);
            parts << DiagnosticsTr::tr("port %1 (%2)").arg(pp.value(0), pp.value(1));
            group.insert(QStringLiteral("port"), pp.value(0).toInt());
            group.insert(QStringLiteral("protocol"), pp.value(1));
        }
        if (c.has[Carrier]) {
            parts << DiagnosticsTr::tr("carrier %1").arg(c.key[Carrier]);
            group.insert(QStringLiteral("carrier"), c.key[Carrier]);
        }
        Finding f;
        f.id = QStringLiteral("offline-concentration");
        f.severity = Finding::Warning;
        f.devices = capped(c.offlineIds, lim.maxListedDevices);
        f.title = DiagnosticsTr::tr("%1 of %2 offline devices share %3")
                      .arg(c.offlineIds.size())
                      .arg(offlineTotal)
                      .arg(parts.join(QStringLiteral(", ")));
        QJsonObject ev;
        ev.insert(QStringLiteral("group"), group);
        ev.insert(QStringLiteral("offlineInGroup"), int(c.offlineIds.size()));
        ev.insert(QStringLiteral("offlineTotal"), offlineTotal);
        ev.insert(QStringLiteral("groupSize"), c.groupSize);
        ev.insert(QStringLiteral("groupOfflineShare"), std::round(c.groupShare * 1000) / 1000);
        ev.insert(QStringLiteral("restOfflineShare"), std::round(c.restShare * 1000) / 1000);
        f.evidence = ev;
        QStringList steps;
        if (c.has[Carrier])
            steps << DiagnosticsTr::tr("ask carrier %1 about an outage, or put a SIM from another "
                              "carrier into one device")
                         .arg(c.key[Carrier]);
        if (c.has[Port])
            steps << DiagnosticsTr::tr("check from outside (for example from a phone on mobile data) "
                              "that port %1 is reachable")
                         .arg(portNumber);
        if (c.has[Model])
            steps << DiagnosticsTr::tr("ask the vendor whether model %1 received a firmware update or "
                              "has a known fault")
                         .arg(c.key[Model]);
        if (!c.has[Carrier])
            steps << DiagnosticsTr::tr("compare the SIM carriers of these devices");
        f.action = DiagnosticsTr::tr("The failure is concentrated: %1.")
                       .arg(steps.join(QStringLiteral("; ")));
        out.append(f);
    }
}

void checkUndecoded(const DiagnosisInput &in, const ProtocolRegistry &registry,
                    const DiagnosisLimits &lim, QList<Finding> &out)
{
    for (const ListenerState &l : in.listeners) {
        QList<const RawFrame *> samples;
        for (const RawFrame &fr : in.recentUndecoded) {
            if (fr.localPort == l.port && fr.transport == l.transport
                && fr.outcome == FrameOutcome::Undecoded)
                samples.append(&fr);
        }
        const quint64 undecoded = std::max<quint64>(l.undecoded, quint64(samples.size()));
        if (undecoded < quint64(lim.minUndecoded))
            continue;
        // Newest samples first.
        std::sort(samples.begin(), samples.end(),
                  [](const RawFrame *a, const RawFrame *b) { return a->seq > b->seq; });
        if (samples.size() > lim.maxSamplesPerPort)
            samples.resize(lim.maxSamplesPerPort);

        QMap<QString, int> votes;
        QHash<QString, quint16> votePorts;
        QJsonArray sampleJson;
        QStringList ids;
        QSet<QString> peers;
        for (const RawFrame *fr : std::as_const(samples)) {
            const QList<IdentifyMatch> matches = registry.identify(fr->bytes, in.now);
            QJsonObject s;
            s.insert(QStringLiteral("peer"), fr->peer);
            s.insert(QStringLiteral("time"), iso(fr->time));
            s.insert(fr->textual ? QStringLiteral("text") : QStringLiteral("hex"),
                     diag::sampleText(fr->bytes, fr->textual));
            s.insert(QStringLiteral("error"), fr->detail);
            if (!matches.isEmpty() && matches.first().score >= 60) {
                const IdentifyMatch &m = matches.first();
                s.insert(QStringLiteral("looksLike"), m.protocol);
                ++votes[m.protocol];
                votePorts.insert(m.protocol, m.defaultPort);
            }
            sampleJson.append(s);
            if (!fr->uniqueId.isEmpty() && !ids.contains(fr->uniqueId))
                ids << fr->uniqueId;
            peers.insert(diag::peerAddress(fr->peer));
        }
        QString other;
        int otherVotes = 0;
        for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
            if (it.key() != l.protocol && it.value() > otherVotes) {
                other = it.key();
                otherVotes = it.value();
            }
        }
        Finding f;
        f.id = QStringLiteral("undecoded-frames");
        f.devices = capped(ids, lim.maxListedDevices);
        QJsonObject ev;
        ev.insert(QStringLiteral("port"), l.port);
        ev.insert(QStringLiteral("protocol"), l.protocol);
        ev.insert(QStringLiteral("transport"), transportId(l.transport));
        ev.insert(QStringLiteral("frames"), qint64(l.frames));
        ev.insert(QStringLiteral("decoded"), qint64(l.decoded));
        ev.insert(QStringLiteral("undecoded"), qint64(undecoded));
        ev.insert(QStringLiteral("samples"), sampleJson);
        ev.insert(QStringLiteral("peers"), int(peers.size()));
        const bool wrongPort = !other.isEmpty() && 2 * otherVotes >= samples.size();
        if (wrongPort) {
            const quint16 otherPort = portOfProtocol(other, in.listeners, votePorts.value(other));
            ev.insert(QStringLiteral("looksLike"), other);
            ev.insert(QStringLiteral("looksLikePort"), otherPort);
            ev.insert(QStringLiteral("matchingSamples"), otherVotes);
            f.severity = Finding::Warning;
            f.title = DiagnosticsTr::tr("Port %1 (%2) receives frames that look like %3 (its port is %4)")
                          .arg(l.port)
                          .arg(l.protocol, other)
                          .arg(otherPort);
            f.action = DiagnosticsTr::tr("Devices are pointed at the wrong port: configure them for port "
                                "%1, or listen for %2 on port %3 as well.")
                           .arg(otherPort)
                           .arg(other)
                           .arg(l.port);
        } else {
            const double share = l.frames ? double(undecoded) / double(l.frames) : 1.0;
            ev.insert(QStringLiteral("undecodedShare"), std::round(share * 1000) / 1000);
            f.severity = share >= 0.2 ? Finding::Warning : Finding::Info;
            f.title = DiagnosticsTr::tr("Port %1 (%2): %3 of %4 frames could not be decoded")
                          .arg(l.port)
                          .arg(l.protocol)
                          .arg(undecoded)
                          .arg(std::max(l.frames, undecoded));
            f.action = DiagnosticsTr::tr("No known protocol accepts these frames. Check whether other "
                                "devices of the same model have the problem (firmware "
                                "difference), and keep a few samples from the raw console for "
                                "support.");
        }
        f.evidence = ev;
        out.append(f);
    }
}

void checkUnknown(const DiagnosisInput &in, const DiagnosisLimits &lim, QList<Finding> &out)
{
    QSet<QString> registered;
    for (const DeviceSnapshot &d : in.devices)
        registered.insert(d.device.uniqueId);
    QList<UnknownDeviceSighting> sightings;
    for (const UnknownDeviceSighting &s : in.unknown) {
        if (!s.uniqueId.isEmpty() && !registered.contains(s.uniqueId))
            sightings.append(s);
    }
    std::sort(sightings.begin(), sightings.end(),
              [](const UnknownDeviceSighting &a, const UnknownDeviceSighting &b) {
                  return a.frames != b.frames ? a.frames > b.frames : a.uniqueId < b.uniqueId;
              });
    for (const UnknownDeviceSighting &s : std::as_const(sightings)) {
        if (out.size() >= 1000)
            break;
        QStringList similar;
        for (const QString &id : std::as_const(registered)) {
            const QString &shorter = id.size() < s.uniqueId.size() ? id : s.uniqueId;
            const QString &longer = id.size() < s.uniqueId.size() ? s.uniqueId : id;
            if (shorter.size() >= 6 && longer.endsWith(shorter))
                similar << id;
        }
        similar.sort();
        Finding f;
        f.id = QStringLiteral("unknown-devices");
        f.severity = Finding::Warning;
        f.devices = { s.uniqueId };
        f.title = DiagnosticsTr::tr("Unknown device %1 sends from %2 on port %3")
                      .arg(s.uniqueId, diag::peerAddress(s.peer))
                      .arg(s.localPort);
        QJsonObject ev;
        ev.insert(QStringLiteral("uniqueId"), s.uniqueId);
        ev.insert(QStringLiteral("protocol"), s.protocol);
        ev.insert(QStringLiteral("peer"), s.peer);
        ev.insert(QStringLiteral("port"), s.localPort);
        ev.insert(QStringLiteral("frames"), qint64(s.frames));
        ev.insert(QStringLiteral("lastSeen"), iso(s.lastSeen));
        if (!similar.isEmpty())
            ev.insert(QStringLiteral("similarRegistered"), toJsonArray(similar));
        f.evidence = ev;
        f.action = DiagnosticsTr::tr("Register %1 as a new device (protocol %2) if it is yours.")
                       .arg(s.uniqueId, s.protocol);
        if (!similar.isEmpty())
            f.action += QLatin1Char(' ')
                + DiagnosticsTr::tr("It may be %1 registered under a different id: correct that "
                           "device's id instead.")
                      .arg(similar.join(QStringLiteral(", ")));
        out.append(f);
    }
    Q_UNUSED(lim);
}

} // namespace

QString findingSeverityId(Finding::Severity s)
{
    switch (s) {
    case Finding::Info:
        return QStringLiteral("info");
    case Finding::Warning:
        return QStringLiteral("warning");
    case Finding::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

QList<Finding> diagnose(const DiagnosisInput &input, const ProtocolRegistry &registry,
                        const DiagnosisLimits &limits)
{
    QList<Finding> out;
    checkListeners(input, limits, out);
    checkNoData(input, limits, out);
    checkClock(input, limits, out);
    checkOfflineConcentration(input, limits, out);
    checkUndecoded(input, registry, limits, out);
    checkUnknown(input, limits, out);
    std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
        return a.severity > b.severity;
    });
    return out;
}

QJsonObject findingToJson(const Finding &f)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), f.id);
    o.insert(QStringLiteral("severity"), findingSeverityId(f.severity));
    o.insert(QStringLiteral("title"), f.title);
    o.insert(QStringLiteral("devices"), toJsonArray(f.devices));
    o.insert(QStringLiteral("evidence"), f.evidence);
    o.insert(QStringLiteral("action"), f.action);
    return o;
}

QJsonObject findingsToJson(TimeMs at, const QList<Finding> &findings)
{
    QJsonArray list;
    for (const Finding &f : findings)
        list.append(findingToJson(f));
    QJsonObject o;
    o.insert(QStringLiteral("at"), iso(at));
    o.insert(QStringLiteral("findings"), list);
    return o;
}

Finding::Severity worstSeverity(const QList<Finding> &findings)
{
    Finding::Severity worst = Finding::Info;
    for (const Finding &f : findings)
        worst = std::max(worst, f.severity);
    return worst;
}

namespace diag {

QString durationText(TimeMs duration)
{
    TimeMs d = duration < 0 ? -duration : duration;
    const qint64 days = d / kDay;
    const qint64 hours = d % kDay / kHour;
    const qint64 minutes = d % kHour / kMinute;
    const qint64 seconds = d % kMinute / kSecond;
    if (days > 0)
        return DiagnosticsTr::tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return DiagnosticsTr::tr("%1 h %2 min").arg(hours).arg(minutes);
    if (minutes > 0)
        return seconds ? DiagnosticsTr::tr("%1 min %2 s").arg(minutes).arg(seconds)
                       : DiagnosticsTr::tr("%1 min").arg(minutes);
    return DiagnosticsTr::tr("%1 s").arg(seconds);
}

QString sampleText(const QByteArray &bytes, bool textual, int maxBytes)
{
    const QByteArray head = bytes.left(maxBytes);
    QString s;
    if (textual) {
        s.reserve(head.size());
        for (char ch : head) {
            const auto c = static_cast<uchar>(ch);
            s += c >= 0x20 && c < 0x7f ? QChar(char16_t(c)) : QChar(u'.');
        }
    } else {
        s = QString::fromLatin1(head.toHex());
    }
    if (bytes.size() > maxBytes)
        s += QStringLiteral("...");
    return s;
}

QString peerAddress(const QString &peer)
{
    const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? peer : peer.left(colon);
}

} // namespace diag

} // namespace fw
