#include "DeviceTroubleshooter.h"

#include "FleetDiagnosis.h"
#include "domain/DeviceModelCatalog.h"
#include "protocols/ProtocolRegistry.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <algorithm>

namespace fw {

namespace {

constexpr qsizetype kQueryLimit = 500;
constexpr int kIdentifySamples = 5;
constexpr int kUnattributedSamples = 20;

QString iso(TimeMs t)
{
    return t == kNoTime ? QString() : toIso(t);
}

QJsonObject frameJson(const RawFrame &f)
{
    QJsonObject o;
    o.insert(QStringLiteral("seq"), qint64(f.seq));
    o.insert(QStringLiteral("time"), iso(f.time));
    o.insert(QStringLiteral("port"), f.localPort);
    o.insert(QStringLiteral("protocol"), f.protocol);
    o.insert(QStringLiteral("peer"), f.peer);
    o.insert(QStringLiteral("outcome"), frameOutcomeId(f.outcome));
    if (!f.uniqueId.isEmpty())
        o.insert(QStringLiteral("uniqueId"), f.uniqueId);
    o.insert(f.textual ? QStringLiteral("text") : QStringLiteral("hex"),
             diag::sampleText(f.bytes, f.textual));
    if (!f.detail.isEmpty())
        o.insert(QStringLiteral("detail"), f.detail);
    return o;
}

const ListenerState *listenerFor(const QString &protocol, const QList<ListenerState> &listeners)
{
    for (const ListenerState &l : listeners) {
        if (l.protocol == protocol && l.transport != Transport::Udp)
            return &l;
    }
    for (const ListenerState &l : listeners) {
        if (l.protocol == protocol)
            return &l;
    }
    return nullptr;
}

QJsonArray portsJson(const QList<quint16> &ports)
{
    QJsonArray a;
    for (quint16 p : ports)
        a.append(p);
    return a;
}

QString portsText(const QList<quint16> &ports)
{
    QStringList s;
    for (quint16 p : ports)
        s << QString::number(p);
    return s.join(QStringLiteral(", "));
}

} // namespace

QString verdictId(TroubleshootStep::Verdict v)
{
    switch (v) {
    case TroubleshootStep::Pass:
        return QStringLiteral("pass");
    case TroubleshootStep::Fail:
        return QStringLiteral("fail");
    case TroubleshootStep::CannotCheck:
        return QStringLiteral("cannot-check");
    }
    return {};
}

DeviceTroubleshooter::DeviceTroubleshooter(const ProtocolRegistry &registry,
                                           const DeviceModelCatalog &catalog)
    : m_registry(registry)
    , m_catalog(catalog)
{
}

QString DeviceTroubleshooter::protocolOf(const Device &device, const DeviceSnapshot *snap) const
{
    if (!device.protocol.isEmpty())
        return device.protocol;
    if (!device.model.isEmpty()) {
        if (const DeviceModel *m = m_catalog.find(device.model))
            return m->protocol;
    }
    return snap ? snap->activity.protocol : QString();
}

quint16 DeviceTroubleshooter::portOf(const QString &protocol,
                                     const QList<ListenerState> &listeners)
{
    if (const ListenerState *l = listenerFor(protocol, listeners))
        return l->port;
    return defaultPortForProtocol(protocol);
}

QList<TroubleshootStep> DeviceTroubleshooter::run(const TroubleshootInput &in) const
{
    const DeviceSnapshot *snap = in.snapshot ? &*in.snapshot : nullptr;
    const bool registered = snap != nullptr;
    const QString id = in.device.uniqueId;
    QString protocol = protocolOf(in.device, snap);
    const DeviceModel *model
        = in.device.model.isEmpty() ? nullptr : m_catalog.find(in.device.model);

    // Its last known address: from the snapshot, or from where it was seen while unknown.
    QString lastPeer = snap ? snap->activity.peer : QString();
    if (lastPeer.isEmpty()) {
        for (const UnknownDeviceSighting &s : in.unknown) {
            if (s.uniqueId == id)
                lastPeer = s.peer;
        }
    }
    const QString address = diag::peerAddress(lastPeer);

    // Frames by id, and frames from its address that may be its own (not another device's).
    QList<RawFrame> byId;
    QList<RawFrame> byAddress;
    int otherDevicesAtAddress = 0;
    if (in.rawLog) {
        RawLogFilter f;
        f.uniqueId = id;
        byId = in.rawLog->query(f, kQueryLimit);
        if (!address.isEmpty()) {
            RawLogFilter a;
            a.peerAddress = address;
            const QList<RawFrame> all = in.rawLog->query(a, kQueryLimit);
            QSet<QString> others;
            for (const RawFrame &fr : all) {
                if (fr.uniqueId == id)
                    continue; // already in byId
                if (fr.outcome == FrameOutcome::Decoded
                    || fr.outcome == FrameOutcome::DroppedBlocked) {
                    others.insert(fr.uniqueId);
                    continue;
                }
                byAddress.append(fr);
            }
            otherDevicesAtAddress = int(others.size());
        }
    }
    // Not configured (e.g. not registered yet): the protocol it was decoded with.
    if (protocol.isEmpty()) {
        for (const RawFrame &fr : std::as_const(byId))
            protocol = fr.protocol;
        for (const UnknownDeviceSighting &s : in.unknown) {
            if (protocol.isEmpty() && s.uniqueId == id)
                protocol = s.protocol;
        }
    }
    const quint16 expectedPort = protocol.isEmpty() ? 0 : portOf(protocol, in.listeners);
    QList<RawFrame> frames = byId + byAddress;
    std::sort(frames.begin(), frames.end(),
              [](const RawFrame &a, const RawFrame &b) { return a.seq < b.seq; });
    QList<quint16> arrivalPorts;
    for (const RawFrame &fr : std::as_const(frames)) {
        if (!arrivalPorts.contains(fr.localPort))
            arrivalPorts << fr.localPort;
    }
    if (snap && snap->activity.localPort != 0 && !arrivalPorts.contains(snap->activity.localPort))
        arrivalPorts << snap->activity.localPort;
    std::sort(arrivalPorts.begin(), arrivalPorts.end());
    const TimeMs lastPacketAt = snap ? snap->activity.lastPacketAt : kNoTime;
    const QString host = in.serverAddress.isEmpty() ? tr("<server address>") : in.serverAddress;

    QString configSms;
    if (model && !model->configSmsTemplate.isEmpty() && expectedPort != 0)
        configSms = DeviceModelCatalog::fillTemplate(model->configSmsTemplate, host, expectedPort,
                                                     tr("<password>"));
    const QString configHint = configSms.isEmpty()
        ? tr("Set the server address %1 and port %2 in the device (vendor tool or manual), "
             "together with the APN of its SIM card.")
              .arg(host)
              .arg(expectedPort)
        : tr("Configure it by SMS: \"%1\" (with the device password), and make sure the APN of "
             "its SIM card is set.")
              .arg(configSms);

    QList<Step> steps;
    auto addStep = [&steps](int number, const QString &question) -> Step & {
        Step s;
        s.number = number;
        s.question = question;
        steps.append(s);
        return steps.last();
    };

    // 1. Any bytes at all?
    {
        Step &s = addStep(1, tr("Has the server received any bytes from this device?"));
        QJsonObject ev;
        ev.insert(QStringLiteral("framesById"), int(byId.size()));
        ev.insert(QStringLiteral("framesFromLastAddress"), int(byAddress.size()));
        ev.insert(QStringLiteral("lastAddress"), address);
        ev.insert(QStringLiteral("lastPacketAt"), iso(lastPacketAt));
        if (otherDevicesAtAddress > 0)
            ev.insert(QStringLiteral("otherDevicesAtAddress"), otherDevicesAtAddress);
        if (!frames.isEmpty()) {
            const RawFrame &last = frames.last();
            ev.insert(QStringLiteral("lastFrame"), frameJson(last));
            s.verdict = Step::Pass;
            s.answer = tr("Yes: %1 frames (%2 by its id, %3 from its last address); the newest "
                          "arrived at %4 on port %5 from %6.")
                           .arg(frames.size())
                           .arg(byId.size())
                           .arg(byAddress.size())
                           .arg(iso(last.time))
                           .arg(last.localPort)
                           .arg(last.peer);
        } else if (lastPacketAt != kNoTime) {
            s.verdict = Step::Pass;
            s.answer = tr("Yes: the last frame arrived at %1; the raw log no longer holds it.")
                           .arg(iso(lastPacketAt));
        } else {
            s.verdict = Step::Fail;
            s.answer = address.isEmpty()
                ? tr("No: nothing carrying id %1 has arrived on any port.").arg(id)
                : tr("No: nothing carrying id %1 and nothing from its last address %2 has "
                     "arrived.")
                      .arg(id, address);
            s.action = tr("The device does not reach the server. Check its server address and "
                          "port (step 5), that it has mobile data (APN, credit, coverage), and "
                          "that the port is reachable from outside (step 6).");
        }
        s.evidence = ev;
    }

    // 2. Decoded? If not, what do the bytes look like?
    {
        Step &s = addStep(2, tr("Were its frames decoded?"));
        QJsonObject ev;
        QList<const RawFrame *> undecoded;
        for (const RawFrame &fr : std::as_const(frames)) {
            if (fr.outcome == FrameOutcome::Undecoded)
                undecoded.append(&fr);
        }
        ev.insert(QStringLiteral("frames"), int(frames.size()));
        ev.insert(QStringLiteral("undecoded"), int(undecoded.size()));
        if (frames.isEmpty()) {
            // Nothing attributable: look for undecoded frames of unknown origin that speak its
            // protocol on another port (a device on the wrong port sends no readable id).
            QMap<quint16, int> suspects;
            QJsonArray samples;
            if (in.rawLog && !protocol.isEmpty()) {
                RawLogFilter u;
                u.outcome = FrameOutcome::Undecoded;
                QList<RawFrame> recent = in.rawLog->query(u, kUnattributedSamples);
                for (const RawFrame &fr : std::as_const(recent)) {
                    if (fr.localPort == expectedPort)
                        continue;
                    const QList<IdentifyMatch> m = m_registry.identify(fr.bytes, in.now);
                    if (!m.isEmpty() && m.first().score >= 60 && m.first().protocol == protocol) {
                        ++suspects[fr.localPort];
                        if (samples.size() < kIdentifySamples)
                            samples.append(frameJson(fr));
                    }
                }
            }
            if (!suspects.isEmpty()) {
                const QList<quint16> ports = suspects.keys();
                ev.insert(QStringLiteral("unattributedLookingLikeItsProtocol"), samples);
                ev.insert(QStringLiteral("ports"), portsJson(ports));
                s.verdict = Step::Fail;
                s.answer = tr("Nothing attributable to it, but undecoded frames from unknown "
                              "senders on port %1 look like %2, the protocol of this device: it "
                              "may be one of them, sending to the wrong port.")
                               .arg(portsText(ports), protocol);
                s.action = tr("Point the device at port %1 (%2).").arg(expectedPort).arg(protocol);
            } else {
                s.verdict = Step::CannotCheck;
                s.answer = tr("Nothing was received, so there is nothing to decode.");
            }
        } else if (undecoded.isEmpty()) {
            s.verdict = Step::Pass;
            s.answer = tr("Yes: all %1 frames were decoded (%2).")
                           .arg(frames.size())
                           .arg(frames.last().protocol);
        } else {
            const bool newestUndecoded = frames.last().outcome == FrameOutcome::Undecoded;
            const bool mostly = 2 * undecoded.size() >= frames.size();
            // Identify the newest undecoded samples.
            QMap<QString, int> votes;
            QHash<QString, quint16> votePorts;
            QJsonArray samples;
            for (qsizetype i = undecoded.size() - 1; i >= 0 && samples.size() < kIdentifySamples;
                 --i) {
                const RawFrame &fr = *undecoded.at(i);
                QJsonObject fj = frameJson(fr);
                const QList<IdentifyMatch> m = m_registry.identify(fr.bytes, in.now);
                if (!m.isEmpty() && m.first().score >= 60) {
                    fj.insert(QStringLiteral("looksLike"), m.first().protocol);
                    ++votes[m.first().protocol];
                    votePorts.insert(m.first().protocol, m.first().defaultPort);
                }
                samples.append(fj);
            }
            ev.insert(QStringLiteral("samples"), samples);
            QString best;
            for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
                if (best.isEmpty() || it.value() > votes.value(best))
                    best = it.key();
            }
            const RawFrame &newestBad = *undecoded.last();
            if (!newestUndecoded && !mostly) {
                s.verdict = Step::Pass;
                s.answer = tr("Mostly: %1 of %2 frames were decoded; the newest one was.")
                               .arg(frames.size() - undecoded.size())
                               .arg(frames.size());
            } else if (!best.isEmpty() && best != newestBad.protocol) {
                const quint16 bestPort = listenerFor(best, in.listeners)
                    ? listenerFor(best, in.listeners)->port
                    : votePorts.value(best);
                ev.insert(QStringLiteral("looksLike"), best);
                ev.insert(QStringLiteral("looksLikePort"), bestPort);
                ev.insert(QStringLiteral("arrivedOnPort"), newestBad.localPort);
                ev.insert(QStringLiteral("arrivedOnProtocol"), newestBad.protocol);
                s.verdict = Step::Fail;
                s.answer = tr("No: %1 of %2 frames were not decoded. They look like %3 (port "
                              "%4) but arrived on port %5, which expects %6.")
                               .arg(undecoded.size())
                               .arg(frames.size())
                               .arg(best)
                               .arg(bestPort)
                               .arg(newestBad.localPort)
                               .arg(newestBad.protocol);
                s.action = tr("Configure the device for port %1, or set its model/protocol to "
                              "%2 if that is wrong.")
                               .arg(bestPort)
                               .arg(best);
                if (!protocol.isEmpty() && protocol != best)
                    s.action += QLatin1Char(' ')
                        + tr("The device is registered as %1, but it speaks %2.")
                              .arg(protocol, best);
            } else if (!best.isEmpty()) {
                ev.insert(QStringLiteral("looksLike"), best);
                s.verdict = Step::Fail;
                s.answer = tr("No: %1 of %2 frames were refused by the %3 decoder although they "
                              "resemble %3: last error \"%4\".")
                               .arg(undecoded.size())
                               .arg(frames.size())
                               .arg(best, newestBad.detail);
                s.action = tr("Possibly a firmware variant of the protocol. Keep a few samples "
                              "from the raw console for support.");
            } else {
                s.verdict = Step::Fail;
                s.answer = tr("No: %1 of %2 frames were not decoded, and no known protocol "
                              "accepts them (last error: \"%3\").")
                               .arg(undecoded.size())
                               .arg(frames.size())
                               .arg(newestBad.detail);
                s.action = tr("Find out which protocol the device speaks (vendor, manual, "
                              "`fleetwatch decode --protocol auto`), and keep samples for "
                              "support.");
            }
        }
        s.evidence = ev;
    }

    // 3. Registered under that id?
    {
        Step &s = addStep(3, tr("Did they decode to an id that is registered?"));
        QJsonObject ev;
        ev.insert(QStringLiteral("uniqueId"), id);
        ev.insert(QStringLiteral("registered"), registered);
        QStringList foreignIds; // unregistered ids decoded from its address
        for (const RawFrame &fr : std::as_const(byAddress)) {
            if (fr.outcome == FrameOutcome::UnknownDevice && !fr.uniqueId.isEmpty()
                && !foreignIds.contains(fr.uniqueId))
                foreignIds << fr.uniqueId;
        }
        QStringList similar;
        for (const UnknownDeviceSighting &u : in.unknown) {
            if (u.uniqueId == id)
                continue;
            const QString &shorter = u.uniqueId.size() < id.size() ? u.uniqueId : id;
            const QString &longer = u.uniqueId.size() < id.size() ? id : u.uniqueId;
            if (shorter.size() >= 6 && longer.endsWith(shorter) && !similar.contains(u.uniqueId))
                similar << u.uniqueId;
        }
        bool decodedWithId = false;
        bool unknownWithId = false;
        for (const RawFrame &fr : std::as_const(byId)) {
            decodedWithId |= fr.outcome == FrameOutcome::Decoded
                || fr.outcome == FrameOutcome::DroppedBlocked;
            unknownWithId |= fr.outcome == FrameOutcome::UnknownDevice;
        }
        if (!foreignIds.isEmpty())
            ev.insert(QStringLiteral("idsFromItsAddress"), QJsonArray::fromStringList(foreignIds));
        if (!similar.isEmpty())
            ev.insert(QStringLiteral("similarUnknownIds"), QJsonArray::fromStringList(similar));
        if (!registered) {
            s.verdict = Step::Fail;
            s.answer = unknownWithId
                ? tr("No: its frames decode to id %1, which is not registered.").arg(id)
                : tr("No: id %1 is not registered.").arg(id);
            s.action = tr("Register %1 as a new device%2.")
                           .arg(id,
                                protocol.isEmpty() ? QString()
                                                   : tr(" (protocol %1)").arg(protocol));
        } else if (!foreignIds.isEmpty() || !similar.isEmpty()) {
            const QStringList other = foreignIds.isEmpty() ? similar : foreignIds;
            s.verdict = Step::Fail;
            s.answer = foreignIds.isEmpty()
                ? tr("An unregistered id %1 resembles this device's id %2: the device may "
                     "report itself under that id.")
                      .arg(other.join(QStringLiteral(", ")), id)
                : tr("Frames from its address %1 decode to %2, which is not registered: the "
                     "device reports another id than the one registered (%3).")
                      .arg(address, other.join(QStringLiteral(", ")), id);
            s.action = tr("Correct the registered id to the one the device sends (see the raw "
                          "console), or register that id.");
        } else if (decodedWithId || lastPacketAt != kNoTime) {
            s.verdict = Step::Pass;
            s.answer = tr("Yes: its frames carry the registered id %1.").arg(id);
        } else {
            s.verdict = Step::CannotCheck;
            s.answer = tr("Nothing was decoded yet, so the id it sends is not known.");
        }
        s.evidence = ev;
    }

    // 4. Valid GPS fix?
    {
        Step &s = addStep(4, tr("Do its frames carry a valid GPS fix?"));
        QJsonObject ev;
        if (snap && snap->activity.lastPacketAt != kNoTime) {
            const DeviceActivity &a = snap->activity;
            ev.insert(QStringLiteral("lastPacketAt"), iso(a.lastPacketAt));
            ev.insert(QStringLiteral("lastFixAt"), iso(a.lastFixAt));
            ev.insert(QStringLiteral("lastFixReceivedAt"), iso(a.lastFixReceivedAt));
            ev.insert(QStringLiteral("reason"), snap->reason.id());
            StatusInputs si;
            si.lastFixAt = a.lastFixAt;
            si.lastPacketAt = a.lastPacketAt;
            if (a.lastFixAt == kNoTime) {
                s.verdict = Step::Fail;
                s.answer = tr("No: it sends data, but has never reported a valid fix.");
                s.action = tr("The receiver has no fix yet: indoors, in a garage or with the "
                              "antenna covered there is none, and the first fix can take 15 "
                              "minutes or more. Put it outdoors with a clear view of the sky "
                              "and wait.");
            } else if (hasCurrentFix(si, in.settings, in.now)) {
                s.verdict = Step::Pass;
                s.answer = tr("Yes: valid fix at %1.").arg(iso(a.lastFixAt));
            } else if (a.lastFixAt > in.now + in.settings.futureTolerance) {
                s.verdict = Step::Fail;
                s.answer = tr("The last fix claims a time %1 in the future (%2).")
                               .arg(diag::durationText(a.lastFixAt - in.now), iso(a.lastFixAt));
                s.action = tr("Check the server clock and the device's time zone setting (it "
                              "should send UTC).");
            } else {
                s.verdict = Step::Fail;
                s.answer = tr("Not now: the last valid fix is from %1 (%2 ago). %3")
                               .arg(iso(a.lastFixAt), diag::durationText(in.now - a.lastFixAt),
                                    snap->reason.text());
                s.action = tr("If it is indoors or parked underground, wait until it is out; "
                              "otherwise check the GPS antenna.");
            }
        } else if (!registered && !byId.isEmpty()) {
            s.verdict = Step::CannotCheck;
            s.answer = tr("Its frames are discarded until it is registered.");
        } else {
            s.verdict = Step::CannotCheck;
            s.answer = tr("Nothing was decoded from it yet.");
        }
        s.evidence = ev;
    }

    // 5. Right port?
    {
        Step &s = addStep(5, tr("Is the device configured for the right port?"));
        QJsonObject ev;
        ev.insert(QStringLiteral("protocol"), protocol);
        ev.insert(QStringLiteral("expectedPort"), expectedPort);
        ev.insert(QStringLiteral("arrivalPorts"), portsJson(arrivalPorts));
        if (!configSms.isEmpty())
            ev.insert(QStringLiteral("configSms"), configSms);
        if (protocol.isEmpty()) {
            s.verdict = Step::CannotCheck;
            s.answer = tr("Its protocol is not known (no model or protocol is set).");
            s.action = tr("Choose its model, or identify the protocol from a sample of its "
                          "frames.");
        } else if (arrivalPorts.contains(expectedPort)
                   && (arrivalPorts.size() == 1 || steps.at(1).verdict == Step::Pass)) {
            s.verdict = Step::Pass;
            s.answer = tr("Yes: it sends to port %1, the port for %2.")
                           .arg(expectedPort)
                           .arg(protocol);
        } else if (!arrivalPorts.isEmpty()) {
            s.verdict = Step::Fail;
            s.answer = tr("No: it sends to port %1, but %2 is received on port %3.")
                           .arg(portsText(arrivalPorts), protocol)
                           .arg(expectedPort);
            s.action = configHint;
        } else {
            s.verdict = Step::CannotCheck;
            s.answer = tr("Nothing arrived, so its setting is not visible from here. It must "
                          "send to %1, port %2 (%3).")
                           .arg(host)
                           .arg(expectedPort)
                           .arg(protocol);
            s.action = configHint;
        }
        s.evidence = ev;
    }

    // 6. Listening here, reachable from outside?
    {
        Step &s = addStep(6, tr("Is that port listening here, and reachable?"));
        QJsonObject ev;
        const ListenerState *l
            = protocol.isEmpty() ? nullptr : listenerFor(protocol, in.listeners);
        const QString howToCheck
            = tr("From a network outside this one (for example a phone on mobile data with "
                 "Wi-Fi off), run \"nc -vz %1 %2\" or \"telnet %1 %2\". If it does not connect: "
                 "check port forwarding on the router, the firewall, and that the address is "
                 "public (not behind the provider's NAT).")
                  .arg(host)
                  .arg(expectedPort);
        if (protocol.isEmpty()) {
            s.verdict = Step::CannotCheck;
            s.answer = tr("Its protocol is not known, so neither is its port.");
        } else if (!l) {
            s.verdict = Step::Fail;
            s.answer = tr("No: there is no listener for %1 here.").arg(protocol);
            s.action = tr("Start a listener for %1 on port %2.").arg(protocol).arg(expectedPort);
        } else {
            ev.insert(QStringLiteral("port"), l->port);
            ev.insert(QStringLiteral("listening"), l->listening);
            ev.insert(QStringLiteral("bindError"), l->error);
            ev.insert(QStringLiteral("lastByteAt"), iso(l->lastByteAt));
            const auto self = in.selfCheck.constFind(l->port);
            if (self != in.selfCheck.constEnd())
                ev.insert(QStringLiteral("selfCheck"), self.value());
            bool reached = false;
            for (const RawFrame &fr : std::as_const(frames))
                reached |= fr.localPort == l->port;
            reached |= snap && snap->activity.localPort == l->port && lastPacketAt != kNoTime;
            if (!l->listening) {
                s.verdict = Step::Fail;
                s.answer = tr("No: port %1 is not listening (%2).")
                               .arg(l->port)
                               .arg(l->error.isEmpty() ? tr("no error reported") : l->error);
                s.action = tr("Free port %1 or choose another one, then restart the listener.")
                               .arg(l->port);
            } else if (self != in.selfCheck.constEnd() && !self.value()) {
                s.verdict = Step::Fail;
                s.answer = tr("No: port %1 claims to listen, but a test connection from this "
                              "computer failed.")
                               .arg(l->port);
                s.action = tr("Check the local firewall and restart the listener.");
            } else if (reached) {
                s.verdict = Step::Pass;
                s.answer = tr("Yes: port %1 is listening and this device has reached it.")
                               .arg(l->port);
            } else {
                s.verdict = Step::CannotCheck;
                s.answer = self != in.selfCheck.constEnd()
                    ? tr("Port %1 is listening and accepts a test connection from this "
                         "computer; whether it can be reached from the internet cannot be "
                         "checked from here.")
                          .arg(l->port)
                    : tr("Port %1 is listening; whether it can be reached from the internet "
                         "cannot be checked from here.")
                          .arg(l->port);
                s.action = howToCheck;
            }
        }
        ev.insert(QStringLiteral("howToCheckFromOutside"), howToCheck);
        s.evidence = ev;
    }
    return steps;
}

QJsonObject DeviceTroubleshooter::toJson(const QString &uniqueId, TimeMs at,
                                         const QList<Step> &steps)
{
    QJsonArray list;
    for (const Step &s : steps) {
        QJsonObject o;
        o.insert(QStringLiteral("number"), s.number);
        o.insert(QStringLiteral("question"), s.question);
        o.insert(QStringLiteral("verdict"), verdictId(s.verdict));
        o.insert(QStringLiteral("answer"), s.answer);
        o.insert(QStringLiteral("action"), s.action);
        o.insert(QStringLiteral("evidence"), s.evidence);
        list.append(o);
    }
    QJsonObject o;
    o.insert(QStringLiteral("device"), uniqueId);
    o.insert(QStringLiteral("at"), iso(at));
    o.insert(QStringLiteral("steps"), list);
    return o;
}

} // namespace fw
