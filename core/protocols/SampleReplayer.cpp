#include "SampleReplayer.h"

#include "Checksums.h"

namespace fw {

SampleReplayer::SampleReplayer(const ProtocolRegistry &registry)
    : m_registry(registry)
{
}

void SampleReplayer::resetConnection(const QString &protocol)
{
    for (auto it = m_contexts.begin(); it != m_contexts.end();) {
        if (it.key().startsWith(protocol + QLatin1Char('/')))
            it = m_contexts.erase(it);
        else
            ++it;
    }
}

QByteArray SampleReplayer::payloadBytes(const QString &encoding, const QString &payload,
                                        QString *error)
{
    if (encoding == u"hex") {
        const QByteArray compact = payload.toLatin1().simplified().replace(' ', QByteArray());
        auto result = QByteArray::fromHex(compact);
        const bool isHex = compact.size() % 2 == 0
            && std::all_of(compact.begin(), compact.end(),
                           [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
        if (!isHex) {
            *error = QStringLiteral("payload is not valid hex");
            return {};
        }
        return result;
    }
    if (encoding == u"text" || encoding == u"http" || encoding.isEmpty())
        return payload.toLatin1();
    *error = QStringLiteral("unknown encoding \"%1\" (expected hex, text or http)").arg(encoding);
    return {};
}

ReplayOutput SampleReplayer::decode(const QString &protocolName, Transport transport,
                                    const QByteArray &payload, TimeMs now)
{
    ReplayOutput out;
    QString name = protocolName;
    if (name == u"auto") {
        const QList<IdentifyMatch> matches = m_registry.identify(payload, now);
        if (matches.isEmpty()) {
            out.result.error = QStringLiteral("no protocol accepts this sample");
            return out;
        }
        name = matches.first().protocol;
    }
    out.protocol = name;
    const ProtocolDecoder *decoder = m_registry.find(name);
    if (!decoder) {
        out.result.error = QStringLiteral("unknown protocol \"%1\" (see `fleetwatch protocols`)")
                               .arg(name);
        return out;
    }
    if (decoder->info().http)
        transport = Transport::Http;
    DecodeContext &ctx = m_contexts[name + QLatin1Char('/') + transportId(transport)];
    ctx.transport = transport;
    ctx.now = now;

    QByteArrayView rest(payload);
    DecodeResult frameResult;
    int frames = 0;
    while (!rest.isEmpty()) {
        FrameCut cut = decoder->cutFrame(rest);
        if (cut.kind == FrameCut::NeedMore || transport == Transport::Udp) {
            // A sample is complete by definition: whatever is left is the last frame.
            cut = FrameCut::frame(rest.size());
        }
        if (cut.kind == FrameCut::Garbage) {
            out.result.error = QStringLiteral("%1: %2 byte(s) at offset %3 do not start a frame")
                                   .arg(name)
                                   .arg(cut.length)
                                   .arg(payload.size() - rest.size());
            return out;
        }
        const qsizetype len = std::clamp<qsizetype>(cut.length, 1, rest.size());
        if (cut.kind == FrameCut::Skip) {
            rest = rest.sliced(len);
            continue;
        }
        frameResult.clear();
        decoder->decode(rest.first(len), ctx, frameResult);
        ++frames;
        if (!frameResult.ok()) {
            out.result.error = frameResult.error;
            return out;
        }
        out.result.messages.append(frameResult.messages);
        out.result.reply.append(frameResult.reply);
        out.result.replyAcknowledgesData |= frameResult.replyAcknowledgesData;
        rest = rest.sliced(len);
    }
    if (frames == 0)
        out.result.error = QStringLiteral("%1: empty sample").arg(name);
    out.uniqueId = ctx.uniqueId;
    return out;
}

QByteArray SampleReplayer::wireFrame(const QString &protocol, const QByteArray &frame)
{
    // JT/T 808 samples are frames after unescaping (see ../vectors/traccar/README.md): escape
    // 0x7d and 0x7e between the delimiters again, as a device sends them.
    if (protocol == u"jt808" && frame.size() >= 2 && frame.front() == '\x7e'
        && frame.back() == '\x7e') {
        QByteArray wire;
        wire.reserve(frame.size() + 8);
        wire.append('\x7e');
        for (qsizetype i = 1; i + 1 < frame.size(); ++i) {
            const char c = frame[i];
            if (c == '\x7e' || c == '\x7d') {
                wire.append('\x7d');
                wire.append(c == '\x7e' ? '\x02' : '\x01');
            } else {
                wire.append(c);
            }
        }
        wire.append('\x7e');
        return wire;
    }
    // Traccar's Ruptela tests hand some packets straight to the decoder with a length field
    // that does not match them (its CRC still covers the whole packet): give them the length a
    // device would send.
    if (protocol == u"ruptela" && frame.size() >= 4) {
        const qsizetype length = quint8(frame[0]) << 8 | quint8(frame[1]);
        const QByteArrayView body = QByteArrayView(frame).sliced(2, frame.size() - 4);
        const quint16 crc = quint16(quint8(frame[frame.size() - 2]) << 8
                                    | quint8(frame[frame.size() - 1]));
        if (length + 4 != frame.size() && frame.size() - 4 <= 0xffff
            && checksum::crc16Kermit(body) == crc) {
            QByteArray fixed = frame;
            fixed[0] = static_cast<char>(((frame.size() - 4) >> 8) & 0xff);
            fixed[1] = static_cast<char>((frame.size() - 4) & 0xff);
            return fixed;
        }
    }
    return frame;
}

ReplayOutput SampleReplayer::decodeJsonSample(const QJsonObject &sample, TimeMs now)
{
    ReplayOutput out;
    const QString protocol = sample.value(QStringLiteral("protocol")).toString();
    const QString transportName = sample.value(QStringLiteral("transport")).toString();
    const QString encoding = sample.value(QStringLiteral("encoding")).toString();
    if (protocol.isEmpty() || !sample.value(QStringLiteral("payload")).isString()) {
        out.result.error = QStringLiteral("sample needs \"protocol\" and a string \"payload\"");
        return out;
    }
    QString error;
    const QByteArray bytes =
        payloadBytes(encoding, sample.value(QStringLiteral("payload")).toString(), &error);
    if (!error.isEmpty()) {
        out.protocol = protocol;
        out.result.error = error;
        return out;
    }
    Transport transport = Transport::Tcp;
    if (transportName == u"udp")
        transport = Transport::Udp;
    else if (transportName == u"http" || encoding == u"http")
        transport = Transport::Http;
    // A device model the vector's test set on the decoder holds for the rest of the connection.
    const QString model = sample.value(QStringLiteral("decoder_config"))
                              .toObject()
                              .value(QStringLiteral("modelOverride"))
                              .toString();
    if (!model.isEmpty()) {
        const ProtocolDecoder *decoder = m_registry.find(protocol);
        const Transport t = decoder && decoder->info().http ? Transport::Http : transport;
        m_contexts[protocol + QLatin1Char('/') + transportId(t)].model = model;
    }
    return decode(protocol, transport, wireFrame(protocol, bytes), now);
}

} // namespace fw
