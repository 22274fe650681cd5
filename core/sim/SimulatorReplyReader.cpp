#include "SimulatorReplyReader.h"

#include <utility>

namespace fw {

namespace {

using Kind = SimulatorReply::Kind;
using Outcome = SimulatorReply::Outcome;

quint16 be16(const QByteArray &b, qsizetype at)
{
    return static_cast<quint16>((quint8(b[at]) << 8) | quint8(b[at + 1]));
}

SimulatorReply byTag(quint32 tag, bool positive)
{
    return SimulatorReply { Kind::ByTag, positive ? Outcome::Accepted : Outcome::Rejected, tag };
}

void readGt06(QByteArray &rx, QList<SimulatorReply> &out)
{
    while (rx.size() >= 5) {
        const quint8 b0 = quint8(rx[0]);
        if ((b0 != 0x78 && b0 != 0x79) || quint8(rx[1]) != b0) {
            rx.remove(0, 1);
            continue;
        }
        const bool ext = b0 == 0x79;
        const qsizetype total = ext ? be16(rx, 2) + 6 : quint8(rx[2]) + 5;
        if (total < 10) {
            rx.remove(0, 1);
            continue;
        }
        if (rx.size() < total)
            break;
        const quint8 type = quint8(rx[ext ? 4 : 3]);
        const quint16 serial = be16(rx, total - 6);
        rx.remove(0, total);
        if (!ext)
            out.append(byTag(quint32(type) << 16 | serial, true));
    }
}

void readJt808(QByteArray &rx, QList<SimulatorReply> &out)
{
    for (;;) {
        const qsizetype start = rx.indexOf(char(0x7e));
        if (start < 0) {
            rx.clear();
            return;
        }
        if (start > 0)
            rx.remove(0, start);
        const qsizetype end = rx.indexOf(char(0x7e), 1);
        if (end < 0)
            return;
        if (end == 1) { // two delimiters in a row: the second starts the frame
            rx.remove(0, 1);
            continue;
        }
        QByteArray m;
        m.reserve(end);
        for (qsizetype k = 1; k < end; ++k) {
            const char c = rx[k];
            if (c == 0x7d && k + 1 < end) {
                m.append(rx[k + 1] == 0x02 ? char(0x7e) : char(0x7d));
                ++k;
            } else {
                m.append(c);
            }
        }
        rx.remove(0, end + 1);
        if (m.size() < 13)
            continue;
        const quint16 type = be16(m, 0);
        const quint16 props = be16(m, 2);
        qsizetype header = (props & 0x4000) ? 2 + 2 + 1 + 10 + 2 : 2 + 2 + 6 + 2;
        if (props & 0x2000)
            header += 4;
        const QByteArray body = m.mid(header, props & 0x3ff);
        if (type == 0x8001 && body.size() >= 5)
            out.append(byTag(quint32(be16(body, 2)) << 16 | be16(body, 0), body[4] == 0));
        else if (type == 0x8100 && body.size() >= 3)
            out.append(byTag(quint32(0x0100) << 16 | be16(body, 0), body[2] == 0));
    }
}

void readTeltonika(QByteArray &rx, qsizetype inFlight, bool loginFirst, QList<SimulatorReply> &out)
{
    while (!rx.isEmpty()) {
        if (inFlight <= 0) {
            rx.clear(); // commands and other unsolicited data: not simulated
            return;
        }
        if (loginFirst) { // IMEI accepted (01) or refused (00)
            const bool accepted = rx[0] == 0x01;
            rx.remove(0, 1);
            --inFlight;
            loginFirst = false;
            out.append(
                SimulatorReply { Kind::Login, accepted ? Outcome::Accepted : Outcome::Rejected });
            if (!accepted)
                return;
            continue;
        }
        if (rx.size() < 4)
            return;
        const quint32 count = quint32(be16(rx, 0)) << 16 | be16(rx, 2);
        rx.remove(0, 4);
        --inFlight;
        out.append(
            SimulatorReply { Kind::InOrder, count >= 1 ? Outcome::Accepted : Outcome::Rejected });
    }
}

void readTeltonikaDatagram(const QByteArray &dg, QList<SimulatorReply> &out)
{
    if (dg.size() >= 7 && be16(dg, 0) == 5)
        out.append(byTag(be16(dg, 2), quint8(dg[6]) >= 1));
}

void readOsmAnd(QByteArray &rx, QList<SimulatorReply> &out)
{
    for (;;) {
        const qsizetype end = rx.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = rx.left(end);
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
        const int code = status.value(1).toInt();
        qsizetype length = 0;
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (rx.size() < end + 4 + length)
            return;
        rx.remove(0, end + 4 + length);
        Outcome outcome = Outcome::Retry;
        if (code >= 200 && code < 300)
            outcome = Outcome::Accepted;
        else if (code >= 400 && code < 500)
            outcome = Outcome::Rejected;
        out.append(SimulatorReply { Kind::InOrder, outcome });
    }
}

} // namespace

SimulatorReplyReader::SimulatorReplyReader(AckModel model)
    : m_model(model)
{ }

QList<SimulatorReply> SimulatorReplyReader::read(
    QByteArray &received, qsizetype inFlight, bool loginFirst) const
{
    QList<SimulatorReply> out;
    switch (m_model) {
    case AckModel::None:
        received.clear(); // replies need no action
        break;
    case AckModel::Gt06:
        readGt06(received, out);
        break;
    case AckModel::Jt808:
        readJt808(received, out);
        break;
    case AckModel::Teltonika:
        readTeltonika(received, inFlight, loginFirst, out);
        break;
    case AckModel::TeltonikaUdp:
        readTeltonikaDatagram(std::exchange(received, {}), out);
        break;
    case AckModel::OsmAnd:
        readOsmAnd(received, out);
        break;
    }
    return out;
}

quint32 SimulatorReplyReader::tagFor(
    const QByteArray &frame, quint16 jt808Type, quint16 serial, quint16 packetId) const
{
    switch (m_model) {
    case AckModel::Gt06: {
        const quint8 type = frame.size() > 4 ? quint8(frame[0] == 0x79 ? frame[4] : frame[3]) : 0;
        return quint32(type) << 16 | serial;
    }
    case AckModel::Jt808:
        return quint32(jt808Type) << 16 | serial;
    case AckModel::Teltonika:
        return kTeltonikaDataTag;
    case AckModel::TeltonikaUdp:
        return packetId;
    default:
        return 0;
    }
}

} // namespace fw
