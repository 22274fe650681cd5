#pragma once
// SampleReplayer: decodes complete samples (a hex/text payload or an HTTP request) on one
// simulated connection per protocol, so a login sample gives later samples their device id.
// It is what `fleetwatch decode` runs and what the conformance test measures.

#include "ProtocolRegistry.h"

#include <QHash>
#include <QJsonObject>

namespace fw {

struct ReplayOutput
{
    QString protocol;
    DecodeResult result; // messages of every frame in the sample, replies concatenated
    QString uniqueId; // the connection's device id after the sample
};

class SampleReplayer
{
public:
    explicit SampleReplayer(const ProtocolRegistry &registry);

    // protocol "auto" picks the best match of ProtocolRegistry::identify().
    ReplayOutput decode(const QString &protocol, Transport transport, const QByteArray &payload,
                        TimeMs now);
    // One JSON line of the vectors' format: {"protocol","transport","encoding","payload"}.
    ReplayOutput decodeJsonSample(const QJsonObject &sample, TimeMs now);
    void resetConnection(const QString &protocol);

    static QByteArray payloadBytes(const QString &encoding, const QString &payload,
                                   QString *error);
    // The bytes a device sends for a vector sample's payload: samples of protocols whose frame
    // decoder unescapes (jt808) are escaped again; others are sent as they are.
    static QByteArray wireFrame(const QString &protocol, const QByteArray &frame);

private:
    const ProtocolRegistry &m_registry;
    QHash<QString, DecodeContext> m_contexts; // key: protocol + transport
};

} // namespace fw
